using DiyNet.Tensors;
using DiyNet.Kernels;

namespace DiyNet.Modules;

/// <summary>
/// Base of the pooling layers over channels-last data, 1-D (N, L, C) or 2-D (N, H, W, C): square windows of
/// <see cref="KernelSize"/> every <see cref="Stride"/> positions, no padding, floor mode
/// (<c>out = ⌊(in − kSize)/stride⌋ + 1</c>, as PyTorch: trailing positions that do not fill a window are dropped).
/// Windows may overlap (stride &lt; kSize); their gradients add up. It owns its buffers; a subclass supplies the
/// kernels.
/// </summary>
public abstract class Pooling : Module
{
    private readonly int _rank;
    private Tensor? _output, _gradInput;

    private protected Pooling(int rank, int kSize, int? stride)
    {
        int s = stride ?? kSize;
        if (kSize <= 0 || s <= 0)
            throw new ArgumentOutOfRangeException(nameof(kSize), $"{GetType().Name}: kernel size {kSize} and stride {s} must be positive.");
        _rank = rank;
        KernelSize = kSize;
        Stride = s;
    }

    /// <summary>Window size along each spatial axis.</summary>
    public int KernelSize { get; }

    /// <summary>Step between windows along each spatial axis.</summary>
    public int Stride { get; }

    /// <inheritdoc />
    public sealed override Tensor Forward(Tensor input)
    {
        var y = BeginForward(input, out var g);
        Pool(g, input.Dim(0), input, y);
        return y;
    }

    // Checks the input's shape, remembers it for the backward pass and returns the output buffer and the window.
    private protected Tensor BeginForward(Tensor input, out Window2D window)
    {
        var g = WindowOf(input);
        RememberInput(input);
        Span<int> shape = stackalloc int[_rank + 2];
        Spatial.Shape(_rank, input.Dim(0), g.OutHeight, g.OutWidth, g.Channels, shape);
        window = g;
        return Tensor.Ensure(ref _output, shape);
    }

    /// <summary>Pooling has no parameters: there is no gradient to accumulate (shapes are still checked).</summary>
    public sealed override void BackwardUpdateGradient(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        CheckDelta(WindowOf(input), input.Dim(0), delta);
    }

    /// <inheritdoc />
    public sealed override Tensor BackwardDelta(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        var g = WindowOf(input);
        int n = input.Dim(0);
        CheckDelta(g, n, delta);
        var gx = Tensor.Ensure(ref _gradInput, input.Shape);
        Unpool(g, n, input, delta, gx);
        return gx;
    }

    /// <summary>Writes the pooled <paramref name="input"/> into <paramref name="output"/>.</summary>
    private protected abstract void Pool(in Window2D window, int batch, Tensor input, Tensor output);

    /// <summary>Overwrites <paramref name="gradInput"/> with ∂L/∂input given ∂L/∂output = <paramref name="delta"/>.</summary>
    private protected abstract void Unpool(in Window2D window, int batch, Tensor input, Tensor delta, Tensor gradInput);

    private Window2D WindowOf(Tensor input)
    {
        if (!Spatial.HasLayout(input, _rank, 0) || input.Dim(-1) == 0)
            throw new ShapeException(this, "input", Spatial.Layout(_rank, "C"), input.ShapeString);
        int h = Spatial.Height(input, _rank), w = Spatial.Width(input, _rank);
        if (w < KernelSize || (_rank == 2 && h < KernelSize))
            throw new ShapeException(this, "input", Spatial.Layout(_rank, "C", KernelSize), input.ShapeString);
        return Spatial.Window(_rank, h, w, input.Dim(-1), KernelSize, Stride, 0);
    }

    private void CheckDelta(in Window2D g, int n, Tensor delta)
    {
        Span<int> shape = stackalloc int[_rank + 2];
        Spatial.Shape(_rank, n, g.OutHeight, g.OutWidth, g.Channels, shape);
        if (!delta.HasShape(shape)) throw new ShapeException(this, "delta", Tensor.Format(shape), delta.ShapeString);
    }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name}({Spatial.Kernel(_rank, KernelSize)}, stride {Stride})";
}
