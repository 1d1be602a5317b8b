namespace DiyNet.Kernels;

/// <summary>
/// Convolution over channels-last images by chunked im2col: the windows are unrolled a few hundred rows at a time
/// into a buffer that stays in cache, and each chunk is multiplied at once by the kernels with tiles sized for a few
/// output channels (<see cref="TallGemm"/>). The full im2col matrix (megabytes for a first layer) is never built.
/// With padding, each image is first copied into a zero-bordered buffer, so that no window needs clipping.
/// </summary>
/// <remarks>
/// Shapes: images (N, H, W, C); weights (kH·kW·C, Cout) row-major, i.e. (kH, kW, C, Cout); output and δ
/// (N·OH·OW, Cout). The batch is split into parts of whole images that depend only on the shapes, each with its own
/// scratch, run on up to <see cref="KernelSettings.MaxThreads"/> threads: the result never depends on the thread
/// count. Every pass takes a scratch span of <see cref="ScratchLength"/> floats, owned by the caller: nothing is
/// allocated. Needs AVX2 and FMA
/// (<see cref="IsSupported"/>); elsewhere use <see cref="Im2Col"/> with <see cref="Gemm"/>.
/// </remarks>
public static unsafe class ConvolutionKernels
{
    private const int ChunkFloats = 16384, MaxParts = 8, RowsPerPart = 1024;

    /// <summary>True when these kernels can run on this machine (AVX2 and FMA).</summary>
    public static bool IsSupported => TallGemm.IsSupported;

    /// <summary>Floats of scratch every pass of <paramref name="window"/> over <paramref name="batch"/> images with
    /// <paramref name="chanOut"/> output channels needs.</summary>
    public static int ScratchLength(in Window2D window, int chanOut, int batch) =>
        PanelLength(window, chanOut) + Parts(window, batch) * PartLength(window, chanOut);

    internal static int PanelLength(in Window2D g, int chanOut)
    {
        int kp = TallGemm.Padded(g.PatchSize), cp = TallGemm.Padded(chanOut);
        return Math.Max(g.PatchSize * cp + cp, chanOut * kp);
    }

    // One part's scratch: an im2col chunk, a zero-bordered image, and weight-gradient sums.
    internal static int PartLength(in Window2D g, int chanOut) =>
        ChunkRows(g) * TallGemm.Padded(g.PatchSize) + PaddedImageSize(g) + TallGemm.Padded(g.PatchSize) * TallGemm.Padded(chanOut);

    // Rows of im2col per chunk: about ChunkFloats values, a multiple of 8 rows.
    internal static int ChunkRows(in Window2D g) => Math.Clamp(ChunkFloats / TallGemm.Padded(g.PatchSize) / 8 * 8, 8, 4096);

    internal static int Parts(in Window2D g, int batch) =>
        Math.Max(1, Math.Min(Math.Min(MaxParts, batch), batch * g.Positions / RowsPerPart));

    internal static int PaddedImageSize(in Window2D g) =>
        g.Unpadded ? 0 : (g.Height + 2 * g.PadHeight) * (g.Width + 2 * g.PadWidth) * g.Channels;

    /// <summary><c>y = im2col(x)·W + b</c> (bias may be empty), overwriting <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public static void Forward(in Window2D window, int batch, ReadOnlySpan<float> images, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias, int chanOut, Span<float> output, Span<float> scratch) =>
        Forward(window, batch, images, weights, false, bias, chanOut, output, scratch);

    /// <summary><see cref="Forward(in Window2D, int, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float}, Span{float})"/>
    /// with the weights stored as (Cout, kH·kW·C) when <paramref name="weightsTransposed"/> (a transposed convolution's
    /// input gradient).</summary>
    internal static void Forward(in Window2D window, int batch, ReadOnlySpan<float> images, ReadOnlySpan<float> weights,
        bool weightsTransposed, ReadOnlySpan<float> bias, int chanOut, Span<float> output, Span<float> scratch)
    {
        Window2D g = window;
        int k = g.PatchSize, cp = TallGemm.Padded(chanOut);
        Check("ConvolutionKernels.Forward", g, batch, chanOut, images.Length, weights.Length, output.Length, scratch.Length);
        if (bias.Length != 0 && bias.Length < chanOut) throw new ArgumentException($"ConvolutionKernels.Forward: bias has {bias.Length} values, needs {chanOut}.");
        // W padded to cp columns, then the bias padded likewise.
        Span<float> panel = scratch.Slice(0, PanelLength(g, chanOut));
        for (int t = 0; t < k; t++)
        {
            if (weightsTransposed)
                for (int o = 0; o < chanOut; o++) panel[t * cp + o] = weights[o * k + t];
            else
                weights.Slice(t * chanOut, chanOut).CopyTo(panel.Slice(t * cp));
            panel.Slice(t * cp + chanOut, cp - chanOut).Clear();
        }
        Span<float> paddedBias = panel.Slice(k * cp, cp);
        paddedBias.Clear();
        if (bias.Length != 0) bias.Slice(0, chanOut).CopyTo(paddedBias);
        fixed (float* x = images)
        fixed (float* s = scratch)
        fixed (float* y = output)
        {
            var job = new ConvolutionJob(g, batch, chanOut, x, s, y) { Bias = bias.Length == 0 ? null : s + k * cp };
            Run(ref job, &ConvolutionParts.Forward);
        }
    }

    /// <summary><c>∂W += im2col(x)ᵀ·δ</c>, with ∂W of shape (kH·kW·C, Cout).</summary>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public static void AccumulateWeightGradient(in Window2D window, int batch, ReadOnlySpan<float> images,
        ReadOnlySpan<float> delta, int chanOut, Span<float> weightGradient, Span<float> scratch) =>
        AccumulateWeightGradient(window, batch, images, delta, chanOut, weightGradient, false, scratch);

    /// <summary><see cref="AccumulateWeightGradient(in Window2D, int, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float}, Span{float})"/>
    /// into a gradient stored as (Cout, kH·kW·C) when <paramref name="gradientTransposed"/> (a transposed
    /// convolution's weight gradient).</summary>
    internal static void AccumulateWeightGradient(in Window2D window, int batch, ReadOnlySpan<float> images,
        ReadOnlySpan<float> delta, int chanOut, Span<float> weightGradient, bool gradientTransposed, Span<float> scratch)
    {
        Window2D g = window;
        int k = g.PatchSize, kp = TallGemm.Padded(k), cp = TallGemm.Padded(chanOut);
        Check("ConvolutionKernels.AccumulateWeightGradient", g, batch, chanOut, images.Length, weightGradient.Length, delta.Length, scratch.Length);
        fixed (float* x = images)
        fixed (float* s = scratch)
        fixed (float* d = delta)
        {
            var job = new ConvolutionJob(g, batch, chanOut, x, s, d);
            Run(ref job, &ConvolutionParts.WeightGradient);
            // The parts' sums, added in part order.
            for (int part = 0; part < job.Parts; part++)
            {
                var sums = new ReadOnlySpan<float>(job.Sums(part), kp * cp);
                for (int t = 0; t < k; t++)
                {
                    if (gradientTransposed)
                        for (int o = 0; o < chanOut; o++) weightGradient[o * k + t] += sums[t * cp + o];
                    else
                        System.Numerics.Tensors.TensorPrimitives.Add(weightGradient.Slice(t * chanOut, chanOut),
                            sums.Slice(t * cp, chanOut), weightGradient.Slice(t * chanOut, chanOut));
                }
            }
        }
    }

    /// <summary><c>∂x = col2im(δ·Wᵀ)</c>, overwriting <paramref name="gradImages"/> (N, H, W, C).</summary>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public static void InputGradient(in Window2D window, int batch, ReadOnlySpan<float> delta, ReadOnlySpan<float> weights,
        int chanOut, Span<float> gradImages, Span<float> scratch) =>
        InputGradient(window, batch, delta, weights, false, chanOut, gradImages, scratch);

    /// <summary><see cref="InputGradient(in Window2D, int, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float}, Span{float})"/>
    /// with the weights stored as (Cout, kH·kW·C) when <paramref name="weightsTransposed"/> (a transposed
    /// convolution's forward pass).</summary>
    internal static void InputGradient(in Window2D window, int batch, ReadOnlySpan<float> delta, ReadOnlySpan<float> weights,
        bool weightsTransposed, int chanOut, Span<float> gradImages, Span<float> scratch)
    {
        Window2D g = window;
        int k = g.PatchSize, kp = TallGemm.Padded(k);
        Check("ConvolutionKernels.InputGradient", g, batch, chanOut, gradImages.Length, weights.Length, delta.Length, scratch.Length);
        // Wᵀ: (Cout, kp), taps past k zero.
        Span<float> transposed = scratch.Slice(0, chanOut * kp);
        transposed.Clear();
        for (int o = 0; o < chanOut; o++)
        {
            if (weightsTransposed) weights.Slice(o * k, k).CopyTo(transposed.Slice(o * kp));
            else
                for (int t = 0; t < k; t++) transposed[o * kp + t] = weights[t * chanOut + o];
        }
        fixed (float* dx = gradImages)
        fixed (float* s = scratch)
        fixed (float* d = delta)
        {
            var job = new ConvolutionJob(g, batch, chanOut, dx, s, d);
            Run(ref job, &ConvolutionParts.InputGradient);
        }
    }

    // Runs every part of the job on up to KernelSettings.MaxThreads threads (each part writes only its own images'
    // rows and its own scratch, so the result does not depend on which thread runs which part).
    private static void Run(ref ConvolutionJob job, delegate*<void*, int, void> body)
    {
        fixed (ConvolutionJob* state = &job) KernelThreads.Run(job.Parts, body, state);
    }

    // A 1×1 window with stride 1 and no padding: the images are their own columns.
    internal static bool Spatial1x1(in Window2D g) =>
        g.KernelHeight == 1 && g.KernelWidth == 1 && g.StrideHeight == 1 && g.StrideWidth == 1 && g.Unpadded;

    private static void Check(string kernel, in Window2D g, int batch, int chanOut, int imagesLength, int weightsLength,
        int outputLength, int scratchLength)
    {
        if (!IsSupported) throw new PlatformNotSupportedException($"{kernel} needs AVX2 and FMA; use Im2Col with Gemm.");
        if (batch < 0 || chanOut <= 0) throw new ArgumentException($"{kernel}: batch {batch} and {chanOut} output channels.");
        Window2D.CheckLength(kernel, "images", imagesLength, (long)batch * g.ImageSize);
        Window2D.CheckLength(kernel, "weights", weightsLength, (long)g.PatchSize * chanOut);
        Window2D.CheckLength(kernel, "output", outputLength, (long)batch * g.Positions * chanOut);
        Window2D.CheckLength(kernel, "scratch", scratchLength, ScratchLength(g, chanOut, batch));
    }
}
