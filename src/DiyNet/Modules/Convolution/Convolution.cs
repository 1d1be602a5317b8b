using DiyNet.Tensors;
using System.Numerics.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using DiyNet.Kernels;

namespace DiyNet.Modules;

/// <summary>
/// Base of the four convolution layers (as PyTorch's <c>_ConvNd(transposed)</c>): <see cref="Conv1D"/>,
/// <see cref="Conv2D"/>, and their adjoints <see cref="ConvTranspose1D"/>, <see cref="ConvTranspose2D"/>. The
/// geometry, the parameters, the buffers and the choice of kernel path live here, once.
/// </summary>
/// <remarks>
/// <para>Both kinds are computed on the windows of one ordinary convolution, the <em>matching</em> one: over the
/// input for a convolution, over the output for a transposed convolution (which maps that output back onto the
/// input). Its images are unfolded into rows of patches (im2col, one row per window) and the layer is three
/// products:</para>
/// <para>convolution, W (kSize, [kSize,] chanIn, chanOut) = the (patch, chanOut) operand: <c>y = im2col(x)·W + b</c>,
/// <c>∂W += im2col(x)ᵀ·δ</c>, <c>∂x = col2im(δ·Wᵀ)</c>;</para>
/// <para>transposed, W (chanIn, kSize, [kSize,] chanOut) = the (chanIn, patch) operand: <c>y = col2im(x·W) + b</c>,
/// <c>∂W += xᵀ·im2col(δ)</c>, <c>∂x = im2col(δ)·Wᵀ</c>.</para>
/// <para>Two paths compute the same products. With AVX2 and at most <see cref="ChunkedMaxChannels"/> channels in
/// the rows (the output channels of a convolution, the input channels of a transposed one),
/// <see cref="ConvolutionKernels"/> unrolls the windows a chunk at a time into a cache-sized buffer and multiplies
/// each chunk with tiles sized for a few channels. Otherwise im2col/col2im and <see cref="Gemm"/>; a convolution then
/// keeps the columns of its last forward input for the weight gradient (rebuilt when the backward pass gets another
/// tensor), and a 1×1 window with stride 1, or one covering the whole unpadded image, skips im2col. Every buffer is
/// owned and reused: a steady-state step allocates nothing.</para>
/// </remarks>
public abstract class Convolution : Module
{
    private readonly int _rank;
    private readonly WeightLayout _layout;
    // _columns: im2col of the matching convolution's images (_columnsOf: the forward input they were packed from);
    // _foldColumns: rows·Wᵀ before col2im.
    private Tensor? _output, _gradInput, _columns, _foldColumns, _columnsOf, _scratch;
    // Winograd's evaluation pass: the kernels' transform U, its 16 matrices packed, and the per-part scratch. U is made
    // at each pass, or once per inference scope (nothing changes the weights there).
    private Tensor? _winogradWeights, _winogradScratch;
    private PackedMatrix[]? _winogradPacked;
    private bool _inferenceScope, _winogradCurrent;

    /// <summary>The most channels in the rows for which the chunked kernels run (above it, im2col + <see cref="Gemm"/>,
    /// whose wider tiles pay off).</summary>
    public const int ChunkedMaxChannels = 64;

    private protected Convolution(int rank, bool transposed, int kSize, int chanIn, int chanOut, int stride, int padding,
        int outputPadding, bool bias, Init init, Random? random)
    {
        string name = GetType().Name;
        if (kSize <= 0 || chanIn <= 0 || chanOut <= 0)
            throw new ArgumentOutOfRangeException(nameof(kSize), $"{name}(kSize {kSize}, {chanIn} → {chanOut}): sizes must be positive.");
        if (stride <= 0) throw new ArgumentOutOfRangeException(nameof(stride), stride, $"{name}: stride must be positive.");
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, $"{name}: padding must not be negative.");
        if (outputPadding < 0 || outputPadding >= stride)
            throw new ArgumentOutOfRangeException(nameof(outputPadding), outputPadding, $"{name}: output padding must be in [0, stride {stride}).");
        _rank = rank;
        _layout = transposed ? WeightLayout.ChannelByPatch : WeightLayout.PatchByChannel;
        Transposed = transposed;
        KernelSize = kSize;
        ChanIn = chanIn;
        ChanOut = chanOut;
        Stride = stride;
        Padding = padding;
        OutputPadding = outputPadding;
        int taps = rank == 1 ? kSize : kSize * kSize;
        Tensor weight = (rank, transposed) switch
        {
            (1, false) => new Tensor(kSize, chanIn, chanOut),
            (_, false) => new Tensor(kSize, kSize, chanIn, chanOut),
            (1, true) => new Tensor(chanIn, kSize, chanOut),
            (_, true) => new Tensor(chanIn, kSize, kSize, chanOut),
        };
        Weight = AddParameter("weight", weight);
        if (bias) Bias = AddParameter("bias", new Tensor(chanOut));
        // PyTorch's fan-in for a transposed convolution counts the output channels (weight.size(1)·taps).
        int fanIn = taps * (transposed ? chanOut : chanIn), fanOut = taps * (transposed ? chanIn : chanOut);
        Initializer.Apply(init, Weight.Value, Bias?.Value, fanIn, fanOut, random ?? Rng.Fork());
    }

    /// <summary>True for <see cref="ConvTranspose1D"/> and <see cref="ConvTranspose2D"/>.</summary>
    public bool Transposed { get; }

    /// <summary>Kernel size along each spatial axis.</summary>
    public int KernelSize { get; }

    /// <summary>Input channels.</summary>
    public int ChanIn { get; }

    /// <summary>Output channels.</summary>
    public int ChanOut { get; }

    /// <summary>Step between windows along each spatial axis (for a transposed convolution, the upsampling step:
    /// consecutive input positions land <c>Stride</c> output positions apart).</summary>
    public int Stride { get; }

    /// <summary>Zeros added on both sides of each spatial axis (for a transposed convolution, the rows and columns
    /// removed from each border of the full output: the padding of the matching convolution).</summary>
    public int Padding { get; }

    /// <summary>Extra rows and columns added at the bottom and right of a transposed convolution's output (0 for a
    /// convolution).</summary>
    public int OutputPadding { get; }

    /// <summary>The kernels W: (kSize, [kSize,] chanIn, chanOut) for a convolution, (chanIn, kSize, [kSize,] chanOut)
    /// for a transposed convolution.</summary>
    public Parameter Weight { get; }

    /// <summary>The bias b, one per output channel, or null.</summary>
    public Parameter? Bias { get; }

    /// <summary>Forces the im2col + <see cref="Gemm"/> path (tests compare both paths).</summary>
    internal bool ForceGemmPath { get; set; }

    // Channels of the images and of the rows of the matching convolution.
    private int ImageChannels => Transposed ? ChanOut : ChanIn;
    private int RowChannels => Transposed ? ChanIn : ChanOut;

    private bool Chunked => !ForceGemmPath && ConvolutionKernels.IsSupported && RowChannels <= ChunkedMaxChannels;

    private Span<float> Scratch(in Window2D g, int batch) =>
        Tensor.Ensure(ref _scratch, ConvolutionKernels.ScratchLength(g, RowChannels, batch)).Span;

    /// <summary>Output size along one spatial axis for an input of size <paramref name="inputSize"/>:
    /// <c>⌊(in + 2·padding − kSize)/stride⌋ + 1</c> for a convolution,
    /// <c>(in − 1)·stride − 2·padding + kSize + outputPadding</c> for a transposed convolution.</summary>
    public int OutputSize(int inputSize) => Transposed
        ? (inputSize - 1) * Stride - 2 * Padding + KernelSize + OutputPadding
        : (inputSize + 2 * Padding - KernelSize) / Stride + 1;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Forward(input, relu: false);

    /// <summary>
    /// The forward pass, then <c>y = max(0, y)</c> when <paramref name="relu"/>: a convolution followed by a
    /// <see cref="ReLU"/> (<see cref="Sequential"/> fuses the pair this way). The chunked kernels rectify each chunk of
    /// output rows as they write it, while it is in cache; the bits are those of the two modules apart, and the
    /// rectified output is what the ReLU's backward pass needs (<c>max(0, z) &gt; 0 ⇔ z &gt; 0</c>).
    /// </summary>
    internal Tensor Forward(Tensor input, bool relu)
    {
        var y = BeginForward(input);
        EndForward(input, y, relu, default, default, default);
        return y;
    }

    /// <summary>Whether <see cref="EndForward"/> can max-pool the output as it writes it (a convolution, not
    /// transposed, on the chunked kernels).</summary>
    internal bool PoolsWhileWriting => !Transposed && Chunked;

    /// <summary>The first half of the forward pass: checks and remembers the input, returns the output buffer.</summary>
    /// <exception cref="ShapeException">The input's shape does not fit this convolution.</exception>
    internal Tensor BeginForward(Tensor input)
    {
        var g = WindowOf(input);
        RememberInput(input);
        Span<int> shape = stackalloc int[_rank + 2];
        OutputShape(g, input.Dim(0), shape);
        return Tensor.Ensure(ref _output, shape);
    }

    /// <summary>
    /// The second half: writes the output <paramref name="y"/> (from <see cref="BeginForward"/>), rectified when
    /// <paramref name="relu"/>, and, when <paramref name="pooled"/> is not empty (only where
    /// <see cref="PoolsWhileWriting"/>), max-pools each image of it into <paramref name="pooled"/> as soon as it is
    /// written (see <see cref="MaxPooling.BeginFusedForward"/>).
    /// </summary>
    internal void EndForward(Tensor input, Tensor y, bool relu, in Window2D poolWindow, Span<float> pooled, Span<int> pooledArgmax)
    {
        var g = WindowOf(input);
        int n = input.Dim(0);
        if (!pooled.IsEmpty && !PoolsWhileWriting)
            throw new InvalidOperationException($"{this}: this convolution cannot pool while it writes (transposed, or not on the chunked kernels).");
        if (Transposed)
        {
            Fold(g, n, input, y);
            if (Bias is not null) ChannelBias.AddTo(Bias.Value.Span, y.Span);
            if (relu) TensorPrimitives.Max(y.Span, 0f, y.Span);
            return;
        }
        _columnsOf = null;
        if (UsesWinograd(g))
        {
            ForwardWinograd(g, n, input, y, relu, poolWindow, pooled, pooledArgmax);
            return;
        }
        Unfold(g, n, input, y, withBias: true, relu, poolWindow, pooled, pooledArgmax);
    }

    /// <summary>
    /// Whether the evaluation-mode forward pass runs by Winograd's F(2×2, 3×3) (<see cref="Winograd"/>): a 2-D
    /// convolution, 3×3, stride 1, padding 0 or 1, channels in and out multiples of 16, the managed kernels at 512 bits,
    /// and <see cref="KernelSettings.Winograd"/> on. Its output is the direct convolution's up to rounding.
    /// </summary>
    private bool UsesWinograd(in Window2D g) =>
        !IsTraining && !Transposed && _rank == 2 && !ForceGemmPath && KernelSettings.Winograd
        && KernelSettings.GemmProvider == GemmProvider.Managed && ManagedGemm.Width == 512 && Winograd.Fits(g, ChanOut);

    private void ForwardWinograd(in Window2D g, int n, Tensor input, Tensor y, bool relu, in Window2D poolWindow,
        Span<float> pooled, Span<int> pooledArgmax)
    {
        var u = Tensor.Ensure(ref _winogradWeights, Winograd.WeightsLength(ChanIn, ChanOut));
        _winogradPacked ??= [.. Enumerable.Range(0, 16).Select(_ => new PackedMatrix())];
        if (!_winogradCurrent || !_winogradPacked[0].Fits(false, ChanIn, ChanOut, ManagedGemm.Width))
        {
            Winograd.TransformWeights(Weight.Value.Span, ChanIn, ChanOut, u.Span);
            int size = ChanIn * ChanOut;
            for (int i = 0; i < 16; i++) _winogradPacked[i].Pack(false, u.Span.Slice(i * size, size), ChanOut, ChanIn, ChanOut);
            _winogradCurrent = _inferenceScope;
        }
        var scratch = Tensor.Ensure(ref _winogradScratch, Winograd.ScratchLength(g, ChanOut, n));
        Winograd.Forward(g, n, input.Span, u.Span, _winogradPacked, Bias is null ? default : Bias.Value.Span, relu, ChanOut,
            y.Span, scratch.Span, poolWindow, pooled, pooledArgmax);
    }

    /// <summary>Opening or closing an inference scope drops Winograd's transformed kernels: they are made again at the
    /// next evaluation pass.</summary>
    private protected override void OnInferenceScope(bool open)
    {
        _inferenceScope = open;
        _winogradCurrent = false;
    }

    /// <summary><c>∂W += im2col(x)ᵀ·δ</c> (transposed: <c>xᵀ·im2col(δ)</c>), <c>∂b += Σ_positions δ</c>.</summary>
    public override void BackwardUpdateGradient(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        var g = WindowOf(input);
        int n = input.Dim(0);
        CheckDelta(g, n, delta);
        if (Transposed) AccumulateWeightGradient(g, n, delta, input);
        else AccumulateWeightGradient(g, n, input, delta);
        if (Bias is not null) ChannelBias.AccumulateSums(delta.Span, Bias.Gradient.Span);
    }

    /// <summary><c>∂x = col2im(δ·Wᵀ)</c> (transposed: <c>im2col(δ)·Wᵀ</c>).</summary>
    public override Tensor BackwardDelta(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        var g = WindowOf(input);
        int n = input.Dim(0);
        CheckDelta(g, n, delta);
        var gx = Tensor.Ensure(ref _gradInput, input.Shape);
        if (Transposed) Unfold(g, n, delta, gx, withBias: false);
        else Fold(g, n, delta, gx);
        return gx;
    }

    // rows = im2col(images)·W (+ b when withBias), overwriting rows: a convolution's forward pass, a transposed
    // convolution's input gradient; each image of rows max-pooled into `pooled` as it is written when that is not
    // empty (the chunked kernels only: see PoolsWhileWriting).
    private void Unfold(in Window2D g, int n, Tensor images, Tensor rows, bool withBias, bool relu = false,
        in Window2D poolWindow = default, Span<float> pooled = default, Span<int> pooledArgmax = default)
    {
        var bias = withBias ? Bias : null;
        if (Chunked)
        {
            ConvolutionKernels.UnfoldMultiply(g, n, images.Span, Weight.Value.Span, _layout,
                bias is null ? default : bias.Value.Span, relu, RowChannels, rows.Span, Scratch(g, n), poolWindow, pooled, pooledArgmax);
            return;
        }
        ReadOnlySpan<float> columns = ColumnsOf(images, g, n);
        if (bias is not null) ChannelBias.Broadcast(bias.Value.Span, rows.Span);
        Gemm.Multiply(false, _layout == WeightLayout.ChannelByPatch, n * g.Positions, RowChannels, g.PatchSize, 1f,
            columns, g.PatchSize, Weight.Value.Span, WeightStride(g), bias is null ? 0f : 1f, rows.Span, RowChannels);
        if (relu) TensorPrimitives.Max(rows.Span, 0f, rows.Span);
    }

    // images = col2im(rows·Wᵀ), overwriting images: a convolution's input gradient, a transposed convolution's
    // forward pass (before the bias).
    private void Fold(in Window2D g, int n, Tensor rows, Tensor images)
    {
        if (Chunked)
        {
            ConvolutionKernels.MultiplyFold(g, n, rows.Span, Weight.Value.Span, _layout, RowChannels, images.Span, Scratch(g, n));
            return;
        }
        bool direct = Spatial.ColumnsAreImages(g);
        var target = direct ? images : Tensor.Ensure(ref _foldColumns, n * g.Positions, g.PatchSize);
        Gemm.Multiply(false, _layout == WeightLayout.PatchByChannel, n * g.Positions, g.PatchSize, RowChannels, 1f,
            rows.Span, RowChannels, Weight.Value.Span, WeightStride(g), 0f, target.Span, g.PatchSize);
        if (!direct) Col2Im.Fold(g, n, target.Span, images.Span);
    }

    // ∂W += im2col(images)ᵀ·rows, in the layout of W.
    private void AccumulateWeightGradient(in Window2D g, int n, Tensor images, Tensor rows)
    {
        if (Chunked)
        {
            ConvolutionKernels.AccumulateUnfoldedProduct(g, n, images.Span, rows.Span, RowChannels, Weight.Gradient.Span,
                _layout, Scratch(g, n));
            return;
        }
        ReadOnlySpan<float> columns = ColumnsOf(images, g, n);
        if (_layout == WeightLayout.PatchByChannel)
            Gemm.Multiply(true, false, g.PatchSize, RowChannels, n * g.Positions, 1f, columns, g.PatchSize,
                rows.Span, RowChannels, 1f, Weight.Gradient.Span, RowChannels);
        else
            Gemm.Multiply(true, false, RowChannels, g.PatchSize, n * g.Positions, 1f, rows.Span, RowChannels,
                columns, g.PatchSize, 1f, Weight.Gradient.Span, g.PatchSize);
    }

    // The leading dimension of W as a matrix: (patch, channels) or (channels, patch).
    private int WeightStride(in Window2D g) => _layout == WeightLayout.PatchByChannel ? RowChannels : g.PatchSize;

    // The im2col columns of images: the images themselves when im2col is the identity, the kept columns when they are
    // those of this tensor, else packed now. A convolution keeps the columns of its input for the weight gradient.
    private ReadOnlySpan<float> ColumnsOf(Tensor images, in Window2D g, int n)
    {
        if (Spatial.ColumnsAreImages(g)) return images.Span;
        if (ReferenceEquals(_columnsOf, images) && _columns is not null && _columns.HasShape(n * g.Positions, g.PatchSize))
            return _columns.Span;
        var columns = Tensor.Ensure(ref _columns, n * g.Positions, g.PatchSize);
        Im2Col.Pack(g, n, images.Span, columns.Span);
        _columnsOf = Transposed ? null : images;
        return columns.Span;
    }

    // The window of the matching convolution: over the input (convolution) or over the output (transposed).
    private Window2D WindowOf(Tensor input)
    {
        // Messages are formatted only on failure: a training step allocates nothing.
        if (!Spatial.HasLayout(input, _rank, ChanIn))
            throw new ShapeException(this, "input", Spatial.Layout(_rank, ChanIn.ToString()), input.ShapeString);
        int h = Spatial.Height(input, _rank), w = Spatial.Width(input, _rank);
        if (Transposed)
        {
            int oh = _rank == 1 ? 1 : OutputSize(h), ow = OutputSize(w);
            int need = 2 * Padding - KernelSize - OutputPadding + 1, min = need <= 0 ? 1 : (need + Stride - 1) / Stride + 1;
            if (oh < 1 || ow < 1) throw new ShapeException(this, "input", Spatial.Layout(_rank, ChanIn.ToString(), min), input.ShapeString);
            return Spatial.Window(_rank, oh, ow, ImageChannels, KernelSize, Stride, Padding);
        }
        int smallest = Math.Max(1, KernelSize - 2 * Padding);
        if (w < smallest || (_rank == 2 && h < smallest))
            throw new ShapeException(this, "input", Spatial.Layout(_rank, ChanIn.ToString(), smallest), input.ShapeString);
        return Spatial.Window(_rank, h, w, ImageChannels, KernelSize, Stride, Padding);
    }

    // The output (and δ) shape: the rows of the matching convolution (convolution), or its images (transposed).
    private void OutputShape(in Window2D g, int n, Span<int> shape)
    {
        if (Transposed) Spatial.Shape(_rank, n, g.Height, g.Width, ChanOut, shape);
        else Spatial.Shape(_rank, n, g.OutHeight, g.OutWidth, ChanOut, shape);
    }

    private void CheckDelta(in Window2D g, int n, Tensor delta)
    {
        Span<int> shape = stackalloc int[_rank + 2];
        OutputShape(g, n, shape);
        if (!delta.HasShape(shape)) throw new ShapeException(this, "delta", Tensor.Format(shape), delta.ShapeString);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{GetType().Name}({Spatial.Kernel(_rank, KernelSize)}, {ChanIn} → {ChanOut}, stride {Stride}, padding {Padding}" +
        $"{(OutputPadding != 0 ? $", output padding {OutputPadding}" : "")}{(Bias is null ? ", no bias" : "")})";
}
