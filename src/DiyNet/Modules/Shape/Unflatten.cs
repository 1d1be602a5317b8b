using DiyNet.Tensors;

namespace DiyNet.Modules;

/// <summary>
/// Gives each example a shape, the inverse of <see cref="Flatten"/>: <c>(N, …) → (N, shape…)</c>, as a view (no copy).
/// Use it to feed flat data to a convolution, e.g. USPS (N, 256) → <c>Unflatten(16, 16, 1)</c> → (N, 16, 16, 1), or
/// to turn a decoder's Linear output into an image.
/// </summary>
/// <remarks>Shape: input (N, …) with as many values per example as the shape has → output (N, shape…).</remarks>
public sealed class Unflatten : Module
{
    private readonly int[] _shape;
    private Tensor? _output, _gradInput;

    /// <summary>Creates the layer.</summary>
    /// <param name="exampleShape">The shape of one example.</param>
    /// <exception cref="ArgumentException">The shape is empty or has a dimension that is not positive.</exception>
    public Unflatten(params int[] exampleShape)
    {
        ArgumentNullException.ThrowIfNull(exampleShape);
        if (exampleShape.Length == 0 || exampleShape.Any(d => d <= 0))
            throw new ArgumentException($"Unflatten{Tensor.Format(exampleShape)}: the shape must have positive dimensions.", nameof(exampleShape));
        _shape = new int[exampleShape.Length + 1];
        exampleShape.CopyTo(_shape, 1);
        Features = exampleShape.Aggregate(1, (a, d) => a * d);
    }

    /// <summary>The shape of one example.</summary>
    public ReadOnlySpan<int> ExampleShape => _shape.AsSpan(1);

    /// <summary>Values per example.</summary>
    public int Features { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        CheckInput(input);
        RememberInput(input);
        _shape[0] = input.Dim(0);
        return input.ViewInto(ref _output, _shape);
    }

    /// <summary>Unflatten has no parameters: there is no gradient to accumulate (shapes are still checked).</summary>
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

    private void CheckInput(Tensor input)
    {
        long perExample = 1;
        for (int d = 1; d < input.Rank; d++) perExample *= input.Dim(d);
        if (input.Rank < 2 || perExample != Features)
            throw new ShapeException(this, "input", $"(N, …) with {Features} values per example", input.ShapeString);
    }

    private void CheckDelta(Tensor input, Tensor delta)
    {
        _shape[0] = input.Dim(0);
        if (!delta.HasShape(_shape)) throw new ShapeException(this, "delta", Tensor.Format(_shape), delta.ShapeString);
    }

    /// <inheritdoc />
    public override string ToString() => $"Unflatten{Tensor.Format(ExampleShape)}";
}
