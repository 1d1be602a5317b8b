using DiyNet.Tensors;

namespace DiyNet.Modules;

/// <summary>
/// Flattens each example into a vector: <c>(N, d₁, …, d_k) → (N, d₁·…·d_k)</c>, as a view (no copy); the backward
/// pass views δ back in the input's shape. With channels-last data the features come out in (position, channel)
/// order.
/// </summary>
/// <remarks>Shape: input (N, …) of rank ≥ 2 → output (N, product of the other dimensions).</remarks>
public sealed class Flatten : Module
{
    private Tensor? _output, _gradInput;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        CheckInput(input);
        RememberInput(input);
        Span<int> shape = [input.Dim(0), Features(input)];
        return input.ViewInto(ref _output, shape);
    }

    /// <summary>Flatten has no parameters: there is no gradient to accumulate (shapes are still checked).</summary>
    public override void BackwardUpdateGradient(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        CheckInput(input);
        CheckDelta(input, delta);
    }

    /// <summary>δ viewed in the input's shape.</summary>
    public override Tensor BackwardDelta(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        CheckInput(input);
        CheckDelta(input, delta);
        return delta.ViewInto(ref _gradInput, input.Shape);
    }

    private static int Features(Tensor input)
    {
        int f = 1;
        for (int d = 1; d < input.Rank; d++) f *= input.Dim(d);
        return f;
    }

    // Messages are formatted only on failure: a training step allocates nothing.
    private void CheckInput(Tensor input)
    {
        if (input.Rank < 2) throw new ShapeException(this, "input", "(N, …) with rank ≥ 2", input.ShapeString);
    }

    private void CheckDelta(Tensor input, Tensor delta)
    {
        if (!delta.HasShape(input.Dim(0), Features(input)))
            throw new ShapeException(this, "delta", $"({input.Dim(0)}, {Features(input)})", delta.ShapeString);
    }

    /// <inheritdoc />
    public override string ToString() => "Flatten()";
}
