namespace DiyNet.Kernels;

/// <summary>
/// Convolution over channels-last images by chunked im2col: the windows are unrolled a few hundred rows at a time
/// into a buffer that stays in cache, and each chunk is multiplied at once by the kernels with tiles sized for a few
/// output channels (<see cref="TallGemm"/>). The full im2col matrix (megabytes for a first layer) is never built.
/// With padding, each image is first copied into a zero-bordered buffer, so that no window needs clipping.
/// </summary>
/// <remarks>
/// Three passes, named by what they compute: <see cref="UnfoldMultiply"/> (rows = im2col(images)·W + b),
/// <see cref="AccumulateUnfoldedProduct"/> (∂W += im2col(images)ᵀ·rows) and <see cref="MultiplyFold"/>
/// (images = col2im(rows·Wᵀ)); a convolution and a transposed convolution use the same three, with their images and
/// rows swapped. Shapes: images (N, H, W, C); rows (N·OH·OW, channels); weights (kH·kW·C, channels) or
/// (channels, kH·kW·C), as the <see cref="WeightLayout"/> says. The batch is split into parts of whole images that depend only on the shapes, each with its own
/// scratch, run on up to <see cref="KernelSettings.MaxThreads"/> threads: the result never depends on the thread
/// count. Every pass takes a scratch span of <see cref="ScratchLength"/> floats, owned by the caller: nothing is
/// allocated. Needs AVX2 and FMA
/// (<see cref="IsSupported"/>); elsewhere use <see cref="Im2Col"/> with <see cref="Gemm"/>.
/// </remarks>
internal static unsafe class ConvolutionKernels
{
    private const int ChunkFloats = 16384, MaxParts = 8, RowsPerPart = 1024;

    /// <summary>True when these kernels can run on this machine (AVX2 and FMA).</summary>
    public static bool IsSupported => TallGemm.IsSupported;

    /// <summary>Floats of scratch every pass of <paramref name="window"/> over <paramref name="batch"/> images with
    /// rows of <paramref name="channels"/> channels needs.</summary>
    public static int ScratchLength(in Window2D window, int channels, int batch) =>
        PanelLength(window, channels) + Parts(window, batch) * PartLength(window, channels);

    // The packed weights at the start of the scratch: W as (patch, cp) and the padded bias, or Wᵀ as (channels, kp).
    internal static int PanelLength(in Window2D g, int channels)
    {
        int kp = TallGemm.Padded(g.PatchSize), cp = TallGemm.Padded(channels);
        return Math.Max(g.PatchSize * cp + cp, channels * kp);
    }

    // One part's scratch: an im2col chunk, a zero-bordered image, and weight-gradient sums.
    internal static int PartLength(in Window2D g, int channels) =>
        ChunkRows(g) * TallGemm.Padded(g.PatchSize) + PaddedImageSize(g) + TallGemm.Padded(g.PatchSize) * TallGemm.Padded(channels);

    // Rows of im2col per chunk: about ChunkFloats values, a multiple of 8 rows.
    internal static int ChunkRows(in Window2D g) => Math.Clamp(ChunkFloats / TallGemm.Padded(g.PatchSize) / 8 * 8, 8, 4096);

    internal static int Parts(in Window2D g, int batch) =>
        Math.Max(1, Math.Min(Math.Min(MaxParts, batch), batch * g.Positions / RowsPerPart));

    internal static int PaddedImageSize(in Window2D g) =>
        g.Unpadded ? 0 : (g.Height + 2 * g.PadHeight) * (g.Width + 2 * g.PadWidth) * g.Channels;

    /// <summary>
    /// <c>rows = im2col(images)·W + b</c> (bias may be empty), overwriting <paramref name="rows"/> (N·OH·OW, channels):
    /// a convolution's output, or a transposed convolution's input gradient (no bias); then <c>max(0, ·)</c> when
    /// <paramref name="relu"/>: a convolution followed by a rectifier. Each chunk of rows is rectified just after it is computed, while it is still in cache (no pass
    /// over the whole output of its own), with <c>TensorPrimitives.Max(·, 0)</c>: the bits of the separate ReLU module.
    /// </summary>
    /// <remarks>With a non-empty <paramref name="pooled"/>, each image of rows (N, OH, OW, channels) is then max-pooled
    /// over <paramref name="poolWindow"/> (unpadded) into it as soon as it is written, while it is in cache — a
    /// convolution, a rectifier and a max pooling in one pass over memory; the rows are written all the same (the
    /// backward passes need them), and the pooled values and the positions of the maxima (into
    /// <paramref name="pooledArgmax"/>, indices into the rows; not written when it is empty) are the bits of
    /// <see cref="MaxPool.Forward"/> over the finished rows.</remarks>
    /// <exception cref="ArgumentException">A span is too short, or the pooling window does not fit the rows.</exception>
    public static void UnfoldMultiply(in Window2D window, int batch, ReadOnlySpan<float> images, ReadOnlySpan<float> weights,
        WeightLayout layout, ReadOnlySpan<float> bias, bool relu, int channels, Span<float> rows, Span<float> scratch,
        in Window2D poolWindow = default, Span<float> pooled = default, Span<int> pooledArgmax = default)
    {
        Window2D g = window;
        int k = g.PatchSize, cp = TallGemm.Padded(channels);
        Check("ConvolutionKernels.UnfoldMultiply", g, batch, channels, images.Length, weights.Length, rows.Length, scratch.Length);
        if (bias.Length != 0 && bias.Length < channels) throw new ArgumentException($"ConvolutionKernels.UnfoldMultiply: bias has {bias.Length} values, needs {channels}.");
        if (!pooled.IsEmpty)
        {
            Window2D q = poolWindow;
            if (!q.Unpadded || q.Height != g.OutHeight || q.Width != g.OutWidth || q.Channels != channels)
                throw new ArgumentException($"ConvolutionKernels.UnfoldMultiply: the pooling window takes {q.Height}×{q.Width}×{q.Channels} images " +
                                            $"(padding {q.PadHeight}×{q.PadWidth}), the rows are {g.OutHeight}×{g.OutWidth}×{channels} images.");
            Window2D.CheckLength("ConvolutionKernels.UnfoldMultiply", "pooled", pooled.Length, (long)batch * q.Positions * channels);
            if (!pooledArgmax.IsEmpty) Window2D.CheckLength("ConvolutionKernels.UnfoldMultiply", "pooledArgmax", pooledArgmax.Length, (long)batch * q.Positions * channels);
        }
        // W as (patch, cp), its columns past the channels zero, then the bias padded likewise.
        Span<float> panel = scratch.Slice(0, PanelLength(g, channels));
        for (int t = 0; t < k; t++)
        {
            if (layout == WeightLayout.ChannelByPatch)
                for (int o = 0; o < channels; o++) panel[t * cp + o] = weights[o * k + t];
            else
                weights.Slice(t * channels, channels).CopyTo(panel.Slice(t * cp));
            panel.Slice(t * cp + channels, cp - channels).Clear();
        }
        Span<float> paddedBias = panel.Slice(k * cp, cp);
        paddedBias.Clear();
        if (bias.Length != 0) bias.Slice(0, channels).CopyTo(paddedBias);
        fixed (float* x = images)
        fixed (float* s = scratch)
        fixed (float* y = rows)
        fixed (float* p = pooled)
        fixed (int* a = pooledArgmax)
        {
            var job = new ConvolutionJob(g, batch, channels, x, s, y)
            {
                Bias = bias.Length == 0 ? null : s + k * cp, Relu = relu,
                Pooled = pooled.IsEmpty ? null : p, PooledArgmax = pooled.IsEmpty || pooledArgmax.IsEmpty ? null : a, PoolWindow = poolWindow,
            };
            Run(ref job, &ConvolutionParts.UnfoldMultiply);
        }
    }

    /// <summary><c>∂W += im2col(images)ᵀ·rows</c>, ∂W stored in <paramref name="layout"/>: a convolution's weight
    /// gradient (rows = δ), or a transposed convolution's (images = δ, rows = its input).</summary>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public static void AccumulateUnfoldedProduct(in Window2D window, int batch, ReadOnlySpan<float> images,
        ReadOnlySpan<float> rows, int channels, Span<float> weightGradient, WeightLayout layout, Span<float> scratch)
    {
        Window2D g = window;
        int k = g.PatchSize, kp = TallGemm.Padded(k), cp = TallGemm.Padded(channels);
        Check("ConvolutionKernels.AccumulateUnfoldedProduct", g, batch, channels, images.Length, weightGradient.Length, rows.Length, scratch.Length);
        fixed (float* x = images)
        fixed (float* s = scratch)
        fixed (float* d = rows)
        {
            var job = new ConvolutionJob(g, batch, channels, x, s, d);
            Run(ref job, &ConvolutionParts.AccumulateUnfoldedProduct);
            // The parts' sums, added in part order.
            for (int part = 0; part < job.Parts; part++)
            {
                var sums = new ReadOnlySpan<float>(job.Sums(part), kp * cp);
                for (int t = 0; t < k; t++)
                {
                    if (layout == WeightLayout.ChannelByPatch)
                        for (int o = 0; o < channels; o++) weightGradient[o * k + t] += sums[t * cp + o];
                    else
                        System.Numerics.Tensors.TensorPrimitives.Add(weightGradient.Slice(t * channels, channels),
                            sums.Slice(t * cp, channels), weightGradient.Slice(t * channels, channels));
                }
            }
        }
    }

    /// <summary><c>images = col2im(rows·Wᵀ)</c>, overwriting <paramref name="images"/> (N, H, W, C): a convolution's
    /// input gradient (rows = δ), or a transposed convolution's output before the bias (rows = its input).</summary>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public static void MultiplyFold(in Window2D window, int batch, ReadOnlySpan<float> rows, ReadOnlySpan<float> weights,
        WeightLayout layout, int channels, Span<float> images, Span<float> scratch)
    {
        Window2D g = window;
        int k = g.PatchSize, kp = TallGemm.Padded(k);
        Check("ConvolutionKernels.MultiplyFold", g, batch, channels, images.Length, weights.Length, rows.Length, scratch.Length);
        // Wᵀ: (channels, kp), taps past k zero.
        Span<float> transposed = scratch.Slice(0, channels * kp);
        transposed.Clear();
        for (int o = 0; o < channels; o++)
        {
            if (layout == WeightLayout.ChannelByPatch) weights.Slice(o * k, k).CopyTo(transposed.Slice(o * kp));
            else
                for (int t = 0; t < k; t++) transposed[o * kp + t] = weights[t * channels + o];
        }
        fixed (float* dx = images)
        fixed (float* s = scratch)
        fixed (float* d = rows)
        {
            var job = new ConvolutionJob(g, batch, channels, dx, s, d);
            Run(ref job, &ConvolutionParts.MultiplyFold);
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

    private static void Check(string kernel, in Window2D g, int batch, int channels, int imagesLength, int weightsLength,
        int rowsLength, int scratchLength)
    {
        if (!IsSupported) throw new PlatformNotSupportedException($"{kernel} needs AVX2 and FMA; use Im2Col with Gemm.");
        if (batch < 0 || channels <= 0) throw new ArgumentException($"{kernel}: batch {batch} and {channels} row channels.");
        Window2D.CheckLength(kernel, "images", imagesLength, (long)batch * g.ImageSize);
        Window2D.CheckLength(kernel, "weights", weightsLength, (long)g.PatchSize * channels);
        Window2D.CheckLength(kernel, "rows", rowsLength, (long)batch * g.Positions * channels);
        Window2D.CheckLength(kernel, "scratch", scratchLength, ScratchLength(g, channels, batch));
    }
}
