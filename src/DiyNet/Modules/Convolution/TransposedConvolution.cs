using DiyNet.Tensors;
using DiyNet.Kernels;

namespace DiyNet.Modules;

/// <summary>
/// Base of <see cref="ConvTranspose1D"/> and <see cref="ConvTranspose2D"/>: the adjoint of a convolution (its input
/// gradient taken as a layer), which upsamples. <c>y = col2im(x·W) + b</c> with W of shape (chanIn, kSize, [kSize,]
/// chanOut), directly the (chanIn, k·k·chanOut) operand. Backward: <c>∂W += xᵀ·im2col(δ)</c>, <c>∂b += Σ δ</c>,
/// <c>∂x = im2col(δ)·Wᵀ</c>.
/// </summary>
/// <remarks>
/// Output size per spatial axis: <c>(in − 1)·stride − 2·padding + kSize + outputPadding</c>, as PyTorch's
/// ConvTranspose; outputPadding (&lt; stride) picks one of the sizes that the matching convolution maps back to the
/// input size. With AVX2 and up to <see cref="Convolution.ChunkedMaxChannels"/> input channels the products run on
/// <see cref="ConvolutionKernels"/> (the matching convolution's passes, with the weights read transposed), else on
/// im2col/col2im + <see cref="Gemm"/>. Every buffer is owned and reused: a steady-state step allocates nothing.
/// </remarks>
public abstract class TransposedConvolution : Module
{
    private readonly int _rank;
    private Tensor? _output, _gradInput, _columns, _deltaColumns, _scratch;

    private protected TransposedConvolution(int rank, int kSize, int chanIn, int chanOut, int stride, int padding,
        int outputPadding, bool bias, Init init, Random? random)
    {
        string name = GetType().Name;
        ConvolutionArguments.Validate(name, kSize, chanIn, chanOut, stride, padding);
        if (outputPadding < 0 || outputPadding >= stride)
            throw new ArgumentOutOfRangeException(nameof(outputPadding), outputPadding, $"{name}: output padding must be in [0, stride {stride}).");
        _rank = rank;
        KernelSize = kSize;
        ChanIn = chanIn;
        ChanOut = chanOut;
        Stride = stride;
        Padding = padding;
        OutputPadding = outputPadding;
        Weight = AddParameter("weight", rank == 1 ? new Tensor(chanIn, kSize, chanOut) : new Tensor(chanIn, kSize, kSize, chanOut));
        if (bias) Bias = AddParameter("bias", new Tensor(chanOut));
        int taps = rank == 1 ? kSize : kSize * kSize;
        // PyTorch's fan-in for a transposed convolution counts the output channels (weight.size(1)·taps).
        Initializer.Apply(init, Weight.Value, Bias?.Value, taps * chanOut, taps * chanIn, random ?? Rng.Fork());
    }

    /// <summary>Kernel size along each spatial axis.</summary>
    public int KernelSize { get; }

    /// <summary>Input channels.</summary>
    public int ChanIn { get; }

    /// <summary>Output channels.</summary>
    public int ChanOut { get; }

    /// <summary>Upsampling step: consecutive input positions land <c>Stride</c> output positions apart.</summary>
    public int Stride { get; }

    /// <summary>Rows and columns removed from each border of the full output (the padding of the matching convolution).</summary>
    public int Padding { get; }

    /// <summary>Extra rows and columns added at the bottom and right of the output.</summary>
    public int OutputPadding { get; }

    /// <summary>The kernels W, shape (chanIn, kSize, [kSize,] chanOut).</summary>
    public Parameter Weight { get; }

    /// <summary>The bias b, one per output channel, or null.</summary>
    public Parameter? Bias { get; }

    /// <summary>Forces the im2col + <see cref="Gemm"/> path (tests compare both paths).</summary>
    internal bool ForceGemmPath { get; set; }

    private bool Chunked => !ForceGemmPath && ConvolutionKernels.IsSupported && ChanIn <= Convolution.ChunkedMaxChannels;

    private Span<float> Scratch(in Window2D g, int batch) =>
        Tensor.Ensure(ref _scratch, ConvolutionKernels.ScratchLength(g, ChanIn, batch)).Span;

    /// <summary>Output size along one spatial axis for an input of size <paramref name="inputSize"/>.</summary>
    public int OutputSize(int inputSize) => (inputSize - 1) * Stride - 2 * Padding + KernelSize + OutputPadding;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        var g = WindowOf(input);
        int n = input.Dim(0), rows = n * g.Positions;
        Span<int> shape = stackalloc int[_rank + 2];
        Spatial.Shape(_rank, n, g.Height, g.Width, ChanOut, shape);
        var y = Tensor.Ensure(ref _output, shape);
        if (Chunked)
            ConvolutionKernels.InputGradient(g, n, input.Span, Weight.Value.Span, true, ChanIn, y.Span, Scratch(g, n));
        else if (Spatial.ColumnsAreImages(g))
        {
            Gemm.Multiply(false, false, rows, g.PatchSize, ChanIn, 1f, input.Span, ChanIn,
                Weight.Value.Span, g.PatchSize, 0f, y.Span, g.PatchSize);
        }
        else
        {
            var columns = Tensor.Ensure(ref _columns, rows, g.PatchSize);
            Gemm.Multiply(false, false, rows, g.PatchSize, ChanIn, 1f, input.Span, ChanIn,
                Weight.Value.Span, g.PatchSize, 0f, columns.Span, g.PatchSize);
            Col2Im.Fold(g, n, columns.Span, y.Span);
        }
        if (Bias is not null) ChannelBias.AddTo(Bias.Value.Span, y.Span);
        return y;
    }

    /// <summary><c>∂W += xᵀ·im2col(δ)</c>, <c>∂b += Σ_positions δ</c>.</summary>
    public override void BackwardUpdateGradient(Tensor input, Tensor delta)
    {
        var g = WindowOf(input);
        int n = input.Dim(0);
        CheckDelta(g, n, delta);
        if (Chunked)
        {
            ConvolutionKernels.AccumulateWeightGradient(g, n, delta.Span, input.Span, ChanIn, Weight.Gradient.Span, true, Scratch(g, n));
        }
        else
        {
            ReadOnlySpan<float> dc = DeltaColumns(g, n, delta);
            Gemm.Multiply(true, false, ChanIn, g.PatchSize, n * g.Positions, 1f, input.Span, ChanIn,
                dc, g.PatchSize, 1f, Weight.Gradient.Span, g.PatchSize);
        }
        if (Bias is not null) ChannelBias.AccumulateSums(delta.Span, Bias.Gradient.Span);
    }

    /// <summary><c>∂x = im2col(δ)·Wᵀ</c>.</summary>
    public override Tensor BackwardDelta(Tensor input, Tensor delta)
    {
        var g = WindowOf(input);
        int n = input.Dim(0);
        CheckDelta(g, n, delta);
        var gx = Tensor.Ensure(ref _gradInput, input.Shape);
        if (Chunked)
        {
            ConvolutionKernels.Forward(g, n, delta.Span, Weight.Value.Span, true, default, ChanIn, gx.Span, Scratch(g, n));
            return gx;
        }
        ReadOnlySpan<float> dc = DeltaColumns(g, n, delta);
        Gemm.Multiply(false, true, n * g.Positions, ChanIn, g.PatchSize, 1f, dc, g.PatchSize,
            Weight.Value.Span, g.PatchSize, 0f, gx.Span, ChanIn);
        return gx;
    }

    private void CheckDelta(in Window2D g, int n, Tensor delta)
    {
        Span<int> shape = stackalloc int[_rank + 2];
        Spatial.Shape(_rank, n, g.Height, g.Width, ChanOut, shape);
        if (!delta.HasShape(shape)) throw new ShapeException(this, "delta", Tensor.Format(shape), delta.ShapeString);
    }

    private ReadOnlySpan<float> DeltaColumns(in Window2D g, int n, Tensor delta)
    {
        if (Spatial.ColumnsAreImages(g)) return delta.Span;
        var columns = Tensor.Ensure(ref _deltaColumns, n * g.Positions, g.PatchSize);
        Im2Col.Pack(g, n, delta.Span, columns.Span);
        return columns.Span;
    }

    // The window of the matching convolution, which maps this module's output back onto its input.
    private Window2D WindowOf(Tensor input)
    {
        if (!Spatial.HasLayout(input, _rank, ChanIn))
            throw new ShapeException(this, "input", Spatial.Layout(_rank, ChanIn.ToString()), input.ShapeString);
        int h = _rank == 1 ? 1 : OutputSize(Spatial.Height(input, _rank)), w = OutputSize(Spatial.Width(input, _rank));
        int need = 2 * Padding - KernelSize - OutputPadding + 1, min = need <= 0 ? 1 : (need + Stride - 1) / Stride + 1;
        if (h < 1 || w < 1) throw new ShapeException(this, "input", Spatial.Layout(_rank, ChanIn.ToString(), min), input.ShapeString);
        return Spatial.Window(_rank, h, w, ChanOut, KernelSize, Stride, Padding);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{GetType().Name}({Spatial.Kernel(_rank, KernelSize)}, {ChanIn} → {ChanOut}, stride {Stride}, padding {Padding}" +
        $"{(OutputPadding != 0 ? $", output padding {OutputPadding}" : "")}{(Bias is null ? ", no bias" : "")})";
}
