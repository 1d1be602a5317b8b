using DiyNet.Tensors;

namespace DiyNet.Modules;

/// <summary>
/// A module taken as a fixed function, for instance a trained encoder under a new classifier: the forward pass is the
/// inner module's, the backward pass gives the gradient with respect to the input (<c>∂x = inner.BackwardDelta</c>)
/// but accumulates nothing, and no parameter is exposed, so an optimizer over the enclosing network leaves the inner
/// weights as they are. The inner module is put in evaluation mode (dropout off, batch normalization on its running
/// statistics) and stays in it: mode changes of the enclosing network do not reach it.
/// </summary>
/// <remarks>Shape: that of the inner module. The inner module keeps its own parameters: training it elsewhere changes
/// what this module computes.</remarks>
public sealed class Frozen : Module
{
    /// <summary>Freezes <paramref name="inner"/> (and puts it in evaluation mode).</summary>
    public Frozen(Module inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
        inner.Eval();
    }

    /// <summary>The frozen module.</summary>
    public Module Inner { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        RememberInput(input);
        return Inner.Forward(input);
    }

    /// <summary>Nothing to accumulate: the inner parameters are frozen.</summary>
    public override void BackwardUpdateGradient(Tensor input, Tensor delta) => RequireForwardInput(input);

    /// <summary>The inner module's input gradient.</summary>
    public override Tensor BackwardDelta(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        return Inner.BackwardDelta(input, delta);
    }

    /// <inheritdoc />
    public override string ToString() => $"Frozen({Inner.ToString()!.Replace("\n", "\n  ")})";
}
