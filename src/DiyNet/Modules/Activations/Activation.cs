using DiyNet.Tensors;

namespace DiyNet.Modules;

/// <summary>
/// Base of parameter-free modules whose output has the input's shape (activations): it owns the output and the
/// input-gradient buffers and checks shapes; a subclass supplies the two kernels.
/// </summary>
public abstract class Activation : Module
{
    private Tensor? _output, _gradInput;

    /// <inheritdoc />
    public sealed override Tensor Forward(Tensor input)
    {
        CheckInput(input);
        RememberInput(input);
        var y = Tensor.Ensure(ref _output, input.Shape);
        Apply(input, y);
        return y;
    }

    /// <summary>An activation has no parameters: there is no gradient to accumulate (shapes are still checked).</summary>
    public sealed override void BackwardUpdateGradient(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        CheckDelta(input, delta);
    }

    /// <inheritdoc />
    public sealed override Tensor BackwardDelta(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        CheckDelta(input, delta);
        var output = DerivativeNeedsOutput ? _output! : input;
        var gx = Tensor.Ensure(ref _gradInput, input.Shape);
        Derive(input, output, delta, gx);
        return gx;
    }

    /// <summary>Writes f(input) into <paramref name="output"/> (same shape).</summary>
    protected abstract void Apply(Tensor input, Tensor output);

    /// <summary>
    /// Whether <see cref="Derive"/> reads the forward output. When false, it is given the input in its place (and the
    /// output is not recomputed when the forward pass did not run through this module, as when <see cref="Sequential"/>
    /// fuses a ReLU into the preceding Linear).
    /// </summary>
    protected virtual bool DerivativeNeedsOutput => true;

    /// <summary>Writes ∂L/∂input into <paramref name="gradInput"/>, given the forward output and ∂L/∂output.</summary>
    protected abstract void Derive(Tensor input, Tensor output, Tensor delta, Tensor gradInput);

    /// <summary>Checks the input's rank; elementwise activations take any shape.</summary>
    protected virtual void CheckInput(Tensor input) { }

    private void CheckDelta(Tensor input, Tensor delta)
    {
        if (!delta.SameShape(input)) throw new ShapeException(this, "delta", input.ShapeString, delta.ShapeString);
    }

    /// <inheritdoc />
    public override string ToString() => GetType().Name + "()";
}
