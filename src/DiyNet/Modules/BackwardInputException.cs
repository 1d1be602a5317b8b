using DiyNet.Tensors;

namespace DiyNet.Modules;

/// <summary>
/// A backward pass was given another tensor than the input of the module's last forward pass (or was called before
/// any forward pass): the gradients would be those of another batch, so the module refuses.
/// </summary>
public sealed class BackwardInputException : InvalidOperationException
{
    /// <summary>Creates the error with its message.</summary>
    public BackwardInputException(string message) : base(message) { }

    internal static BackwardInputException For(Module module, Tensor given, Tensor? forwardInput) =>
        For(module.Children.Count > 0 ? module.GetType().Name : module.ToString()!, given, forwardInput);

    private static BackwardInputException For(string module, Tensor given, Tensor? forwardInput) =>
        new(forwardInput is null
            ? $"{module}: backward pass before any forward pass; call Forward(input) first, then backward with the same input."
            : $"{module}: the backward pass got a tensor {given.ShapeString} that is not the input of the last forward pass "
              + $"({forwardInput.ShapeString}); call Forward on this batch first (a forward pass on another batch in between "
              + "replaces the state the backward pass needs).");
}
