using DiyNet.Tensors;
using DiyNet.Kernels;

namespace DiyNet.Modules;

/// <summary>
/// Base of <see cref="Upsample1D"/> and <see cref="Upsample2D"/>: nearest-neighbour upsampling of channels-last data by
/// an integer factor along each spatial axis; the backward pass sums the gradient over each copied block.
/// </summary>
public abstract class Upsampling : Module
{
    private readonly int _rank;
    private Tensor? _output, _gradInput;

    private protected Upsampling(int rank, int scale)
    {
        if (scale <= 0) throw new ArgumentOutOfRangeException(nameof(scale), scale, $"{GetType().Name}: the scale must be positive.");
        _rank = rank;
        Scale = scale;
    }

    /// <summary>Copies of each position along each spatial axis.</summary>
    public int Scale { get; }

    private int ScaleHeight => _rank == 1 ? 1 : Scale;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        CheckInput(input);
        RememberInput(input);
        int n = input.Dim(0), h = Spatial.Height(input, _rank), w = Spatial.Width(input, _rank), c = input.Dim(-1);
        Span<int> shape = stackalloc int[_rank + 2];
        Spatial.Shape(_rank, n, h * ScaleHeight, w * Scale, c, shape);
        var y = Tensor.Ensure(ref _output, shape);
        NearestUpsampling.Forward(n, h, w, c, ScaleHeight, Scale, input.Span, y.Span);
        return y;
    }

    /// <summary>Upsampling has no parameters: there is no gradient to accumulate (shapes are still checked).</summary>
    public override void BackwardUpdateGradient(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        CheckInput(input);
        CheckDelta(input, delta);
    }

    /// <summary><c>∂x[n, h, w, c] = Σ over the block of (h, w) of δ</c>.</summary>
    public override Tensor BackwardDelta(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        CheckInput(input);
        CheckDelta(input, delta);
        int n = input.Dim(0), h = Spatial.Height(input, _rank), w = Spatial.Width(input, _rank), c = input.Dim(-1);
        var gx = Tensor.Ensure(ref _gradInput, input.Shape);
        NearestUpsampling.Backward(n, h, w, c, ScaleHeight, Scale, delta.Span, gx.Span);
        return gx;
    }

    private void CheckInput(Tensor input)
    {
        if (!Spatial.HasLayout(input, _rank, 0) || Spatial.Height(input, _rank) == 0 || Spatial.Width(input, _rank) == 0
            || input.Dim(-1) == 0)
            throw new ShapeException(this, "input", Spatial.Layout(_rank, "C"), input.ShapeString);
    }

    private void CheckDelta(Tensor input, Tensor delta)
    {
        Span<int> shape = stackalloc int[_rank + 2];
        Spatial.Shape(_rank, input.Dim(0), Spatial.Height(input, _rank) * ScaleHeight, Spatial.Width(input, _rank) * Scale, input.Dim(-1), shape);
        if (!delta.HasShape(shape)) throw new ShapeException(this, "delta", Tensor.Format(shape), delta.ShapeString);
    }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name}(×{Scale})";
}
