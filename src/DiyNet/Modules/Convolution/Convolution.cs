using DiyNet.Tensors;
using DiyNet.Kernels;

namespace DiyNet.Modules;

/// <summary>
/// Base of <see cref="Conv1D"/> and <see cref="Conv2D"/>: a convolution over channels-last data computed as one matrix
/// multiply, <c>Y = im2col(x)·W + b</c>, with W of shape (kSize, [kSize,] chanIn, chanOut), which is directly the
/// (k·k·chanIn, chanOut) operand. Backward: <c>∂W += im2col(x)ᵀ·δ</c>, <c>∂b += Σ δ</c>,
/// <c>∂x = col2im(δ·Wᵀ)</c>.
/// </summary>
/// <remarks>
/// Two paths compute the same products. With AVX2 and up to <see cref="ChunkedMaxChannels"/> output channels,
/// <see cref="ConvolutionKernels"/> unrolls the windows a chunk at a time into a cache-sized buffer and multiplies
/// each chunk with tiles sized for a few channels. Otherwise im2col builds the whole column matrix for
/// <see cref="Gemm"/>; its columns of the last forward input are then kept for the weight gradient (rebuilt when
/// the backward pass gets another tensor), and a 1×1 convolution with stride 1, or a kernel covering the whole
/// unpadded input, skips im2col. Every buffer is owned and reused: a steady-state step allocates nothing.
/// </remarks>
public abstract class Convolution : Module
{
    private readonly int _rank;
    private Tensor? _output, _gradInput, _columns, _gradColumns, _columnsOf, _scratch;

    /// <summary>The most output channels for which the chunked kernels run (above it, im2col + <see cref="Gemm"/>,
    /// whose wider tiles pay off).</summary>
    public const int ChunkedMaxChannels = 64;

    private protected Convolution(int rank, int kSize, int chanIn, int chanOut, int stride, int padding, bool bias, Init init, Random? random)
    {
        ConvolutionArguments.Validate(GetType().Name, kSize, chanIn, chanOut, stride, padding);
        _rank = rank;
        KernelSize = kSize;
        ChanIn = chanIn;
        ChanOut = chanOut;
        Stride = stride;
        Padding = padding;
        Weight = AddParameter("weight", rank == 1 ? new Tensor(kSize, chanIn, chanOut) : new Tensor(kSize, kSize, chanIn, chanOut));
        if (bias) Bias = AddParameter("bias", new Tensor(chanOut));
        int taps = rank == 1 ? kSize : kSize * kSize;
        Initializer.Apply(init, Weight.Value, Bias?.Value, taps * chanIn, taps * chanOut, random ?? Rng.Fork());
    }

    /// <summary>Kernel size along each spatial axis.</summary>
    public int KernelSize { get; }

    /// <summary>Input channels.</summary>
    public int ChanIn { get; }

    /// <summary>Output channels.</summary>
    public int ChanOut { get; }

    /// <summary>Step between windows along each spatial axis.</summary>
    public int Stride { get; }

    /// <summary>Zeros added on both sides of each spatial axis.</summary>
    public int Padding { get; }

    /// <summary>The kernels W, shape (kSize, [kSize,] chanIn, chanOut).</summary>
    public Parameter Weight { get; }

    /// <summary>The bias b, one per output channel, or null.</summary>
    public Parameter? Bias { get; }

    /// <summary>Forces the im2col + <see cref="Gemm"/> path (tests compare both paths).</summary>
    internal bool ForceGemmPath { get; set; }

    private bool Chunked => !ForceGemmPath && ConvolutionKernels.IsSupported && ChanOut <= ChunkedMaxChannels;

    private Span<float> Scratch(in Window2D g, int batch) =>
        Tensor.Ensure(ref _scratch, ConvolutionKernels.ScratchLength(g, ChanOut, batch)).Span;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        var g = WindowOf(input);
        int n = input.Dim(0);
        Span<int> shape = stackalloc int[_rank + 2];
        Spatial.Shape(_rank, n, g.OutHeight, g.OutWidth, ChanOut, shape);
        var y = Tensor.Ensure(ref _output, shape);
        if (Chunked)
        {
            ConvolutionKernels.Forward(g, n, input.Span, Weight.Value.Span, Bias is null ? default : Bias.Value.Span,
                ChanOut, y.Span, Scratch(g, n));
            return y;
        }
        _columnsOf = null;
        ReadOnlySpan<float> columns = ColumnsOf(input, g, n);
        if (Bias is not null) ChannelBias.Broadcast(Bias.Value.Span, y.Span);
        Gemm.Multiply(false, false, n * g.Positions, ChanOut, g.PatchSize, 1f, columns, g.PatchSize,
            Weight.Value.Span, ChanOut, Bias is null ? 0f : 1f, y.Span, ChanOut);
        return y;
    }

    /// <summary><c>∂W += im2col(x)ᵀ·δ</c>, <c>∂b += Σ_positions δ</c>.</summary>
    public override void BackwardUpdateGradient(Tensor input, Tensor delta)
    {
        var g = WindowOf(input);
        int n = input.Dim(0);
        CheckDelta(g, n, delta);
        if (Chunked)
        {
            ConvolutionKernels.AccumulateWeightGradient(g, n, input.Span, delta.Span, ChanOut, Weight.Gradient.Span, Scratch(g, n));
        }
        else
        {
            ReadOnlySpan<float> columns = ColumnsOf(input, g, n);
            Gemm.Multiply(true, false, g.PatchSize, ChanOut, n * g.Positions, 1f, columns, g.PatchSize,
                delta.Span, ChanOut, 1f, Weight.Gradient.Span, ChanOut);
        }
        if (Bias is not null) ChannelBias.AccumulateSums(delta.Span, Bias.Gradient.Span);
    }

    /// <summary><c>∂x = col2im(δ·Wᵀ)</c>.</summary>
    public override Tensor BackwardDelta(Tensor input, Tensor delta)
    {
        var g = WindowOf(input);
        int n = input.Dim(0), rows = n * g.Positions;
        CheckDelta(g, n, delta);
        var gx = Tensor.Ensure(ref _gradInput, input.Shape);
        if (Chunked)
        {
            ConvolutionKernels.InputGradient(g, n, delta.Span, Weight.Value.Span, ChanOut, gx.Span, Scratch(g, n));
            return gx;
        }
        if (Spatial.ColumnsAreImages(g))
        {
            Gemm.Multiply(false, true, rows, g.PatchSize, ChanOut, 1f, delta.Span, ChanOut,
                Weight.Value.Span, ChanOut, 0f, gx.Span, g.PatchSize);
            return gx;
        }
        var gc = Tensor.Ensure(ref _gradColumns, rows, g.PatchSize);
        Gemm.Multiply(false, true, rows, g.PatchSize, ChanOut, 1f, delta.Span, ChanOut,
            Weight.Value.Span, ChanOut, 0f, gc.Span, g.PatchSize);
        Col2Im.Fold(g, n, gc.Span, gx.Span);
        return gx;
    }

    // The im2col columns of input: the input itself when im2col is the identity, the kept columns when they are the
    // input's, else packed now.
    private ReadOnlySpan<float> ColumnsOf(Tensor input, in Window2D g, int n)
    {
        if (Spatial.ColumnsAreImages(g)) return input.Span;
        if (ReferenceEquals(_columnsOf, input) && _columns is not null && _columns.HasShape(n * g.Positions, g.PatchSize))
            return _columns.Span;
        var columns = Tensor.Ensure(ref _columns, n * g.Positions, g.PatchSize);
        Im2Col.Pack(g, n, input.Span, columns.Span);
        _columnsOf = input;
        return columns.Span;
    }

    private Window2D WindowOf(Tensor input)
    {
        // Messages are formatted only on failure: a training step allocates nothing.
        if (!Spatial.HasLayout(input, _rank, ChanIn))
            throw new ShapeException(this, "input", Spatial.Layout(_rank, ChanIn.ToString()), input.ShapeString);
        int h = Spatial.Height(input, _rank), w = Spatial.Width(input, _rank), min = Math.Max(1, KernelSize - 2 * Padding);
        if (w < min || (_rank == 2 && h < min))
            throw new ShapeException(this, "input", Spatial.Layout(_rank, ChanIn.ToString(), min), input.ShapeString);
        return Spatial.Window(_rank, h, w, ChanIn, KernelSize, Stride, Padding);
    }

    private void CheckDelta(in Window2D g, int n, Tensor delta)
    {
        Span<int> shape = stackalloc int[_rank + 2];
        Spatial.Shape(_rank, n, g.OutHeight, g.OutWidth, ChanOut, shape);
        if (!delta.HasShape(shape)) throw new ShapeException(this, "delta", Tensor.Format(shape), delta.ShapeString);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{GetType().Name}({Spatial.Kernel(_rank, KernelSize)}, {ChanIn} → {ChanOut}, stride {Stride}, padding {Padding}{(Bias is null ? ", no bias" : "")})";
}
