namespace DiyNet.Kernels;

/// <summary>
/// Convolution over channels-last images by chunked im2col: the windows are unrolled a few hundred rows at a time
/// into a buffer that stays in cache, and each chunk is multiplied at once by the kernels with tiles sized for a few
/// output channels (<see cref="TallGemm"/>). The full im2col matrix (megabytes for a first layer) is never built.
/// </summary>
/// <remarks>
/// Shapes: images (N, H, W, C); weights (kH·kW·C, Cout) row-major, i.e. (kH, kW, C, Cout); output and δ
/// (N·OH·OW, Cout). Every pass takes a scratch span of <see cref="ScratchLength"/> floats, owned by the caller, so
/// that nothing is allocated. Needs AVX2 and FMA (<see cref="IsSupported"/>); elsewhere use <see cref="Im2Col"/>
/// with <see cref="Gemm"/>.
/// </remarks>
public static unsafe class ConvolutionKernels
{
    private const int ChunkFloats = 16384;

    /// <summary>True when these kernels can run on this machine (AVX2 and FMA).</summary>
    public static bool IsSupported => TallGemm.IsSupported;

    /// <summary>Floats of scratch every pass of <paramref name="window"/> with <paramref name="chanOut"/> output
    /// channels needs.</summary>
    public static int ScratchLength(in Window2D window, int chanOut)
    {
        int kp = TallGemm.Padded(window.PatchSize), cp = TallGemm.Padded(chanOut);
        int panel = Math.Max(window.PatchSize * cp + cp, Math.Max(kp * cp, chanOut * kp));
        return ChunkRows(window) * kp + panel;
    }

    // Rows of im2col per chunk: about ChunkFloats values, a multiple of 8 rows.
    private static int ChunkRows(in Window2D g) => Math.Clamp(ChunkFloats / TallGemm.Padded(g.PatchSize) / 8 * 8, 8, 4096);

    /// <summary><c>y = im2col(x)·W + b</c> (bias may be empty), overwriting <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public static void Forward(in Window2D window, int batch, ReadOnlySpan<float> images, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias, int chanOut, Span<float> output, Span<float> scratch)
    {
        Window2D g = window;
        int rows = batch * g.Positions, k = g.PatchSize, kp = TallGemm.Padded(k), cp = TallGemm.Padded(chanOut);
        Check("ConvolutionKernels.Forward", g, batch, chanOut, images.Length, weights.Length, output.Length, scratch.Length);
        if (bias.Length != 0 && bias.Length < chanOut) throw new ArgumentException($"ConvolutionKernels.Forward: bias has {bias.Length} values, needs {chanOut}.");
        int chunk = ChunkRows(g);
        Span<float> columns = scratch.Slice(0, chunk * kp), panel = scratch.Slice(chunk * kp);
        // W padded to cp columns, then the bias padded likewise.
        for (int t = 0; t < k; t++)
        {
            weights.Slice(t * chanOut, chanOut).CopyTo(panel.Slice(t * cp));
            panel.Slice(t * cp + chanOut, cp - chanOut).Clear();
        }
        Span<float> paddedBias = panel.Slice(k * cp, cp);
        paddedBias.Clear();
        if (bias.Length != 0) bias.Slice(0, chanOut).CopyTo(paddedBias);
        fixed (float* x = images)
        fixed (float* c = columns)
        fixed (float* w = panel)
        fixed (float* y = output)
        {
            float* b = bias.Length == 0 ? null : w + k * cp;
            if (Spatial1x1(g))
            {
                TallGemm.Multiply(rows, chanOut, k, x, k, w, cp, b, y, chanOut);
                return;
            }
            for (int r = 0; r < rows; r += chunk)
            {
                int count = Math.Min(chunk, rows - r);
                Im2Col.PackRows(g, images, r, count, columns, kp);
                TallGemm.Multiply(count, chanOut, k, c, kp, w, cp, b, y + (long)r * chanOut, chanOut);
            }
        }
    }

    /// <summary><c>∂W += im2col(x)ᵀ·δ</c>, with ∂W of shape (kH·kW·C, Cout).</summary>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public static void AccumulateWeightGradient(in Window2D window, int batch, ReadOnlySpan<float> images,
        ReadOnlySpan<float> delta, int chanOut, Span<float> weightGradient, Span<float> scratch)
    {
        Window2D g = window;
        int rows = batch * g.Positions, k = g.PatchSize, kp = TallGemm.Padded(k), cp = TallGemm.Padded(chanOut);
        Check("ConvolutionKernels.AccumulateWeightGradient", g, batch, chanOut, images.Length, weightGradient.Length, delta.Length, scratch.Length);
        int chunk = ChunkRows(g);
        Span<float> columns = scratch.Slice(0, chunk * kp), sums = scratch.Slice(chunk * kp, kp * cp);
        sums.Clear();
        fixed (float* c = columns)
        fixed (float* d = delta)
        fixed (float* s = sums)
        {
            for (int r = 0; r < rows; r += chunk)
            {
                int count = Math.Min(chunk, rows - r);
                Im2Col.PackRows(g, images, r, count, columns, kp);
                TallGemm.AccumulateTransposed(kp, chanOut, count, c, kp, d + (long)r * chanOut, chanOut, s, cp);
            }
        }
        for (int t = 0; t < k; t++)
            System.Numerics.Tensors.TensorPrimitives.Add(weightGradient.Slice(t * chanOut, chanOut), sums.Slice(t * cp, chanOut),
                weightGradient.Slice(t * chanOut, chanOut));
    }

    /// <summary><c>∂x = col2im(δ·Wᵀ)</c>, overwriting <paramref name="gradImages"/> (N, H, W, C).</summary>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public static void InputGradient(in Window2D window, int batch, ReadOnlySpan<float> delta, ReadOnlySpan<float> weights,
        int chanOut, Span<float> gradImages, Span<float> scratch)
    {
        Window2D g = window;
        int rows = batch * g.Positions, k = g.PatchSize, kp = TallGemm.Padded(k);
        Check("ConvolutionKernels.InputGradient", g, batch, chanOut, gradImages.Length, weights.Length, delta.Length, scratch.Length);
        int chunk = ChunkRows(g);
        Span<float> columns = scratch.Slice(0, chunk * kp), transposed = scratch.Slice(chunk * kp, chanOut * kp);
        // Wᵀ: (Cout, kp), taps past k zero.
        transposed.Clear();
        for (int t = 0; t < k; t++)
            for (int o = 0; o < chanOut; o++) transposed[o * kp + t] = weights[t * chanOut + o];
        fixed (float* c = columns)
        fixed (float* d = delta)
        fixed (float* wt = transposed)
        fixed (float* dx = gradImages)
        {
            if (Spatial1x1(g))
            {
                TallGemm.Multiply(rows, k, chanOut, d, chanOut, wt, kp, null, dx, k);
                return;
            }
            gradImages.Slice(0, batch * g.ImageSize).Clear();
            for (int r = 0; r < rows; r += chunk)
            {
                int count = Math.Min(chunk, rows - r);
                TallGemm.Multiply(count, kp, chanOut, d + (long)r * chanOut, chanOut, wt, kp, null, c, kp);
                Col2Im.AccumulateRows(g, columns, kp, r, count, gradImages);
            }
        }
    }

    // A 1×1 window with stride 1 and no padding: the images are their own columns.
    private static bool Spatial1x1(in Window2D g) =>
        g.KernelHeight == 1 && g.KernelWidth == 1 && g.StrideHeight == 1 && g.StrideWidth == 1 && g.Unpadded;

    private static void Check(string kernel, in Window2D g, int batch, int chanOut, int imagesLength, int weightsLength,
        int outputLength, int scratchLength)
    {
        if (!IsSupported) throw new PlatformNotSupportedException($"{kernel} needs AVX2 and FMA; use Im2Col with Gemm.");
        if (batch < 0 || chanOut <= 0) throw new ArgumentException($"{kernel}: batch {batch} and {chanOut} output channels.");
        Window2D.CheckLength(kernel, "images", imagesLength, (long)batch * g.ImageSize);
        Window2D.CheckLength(kernel, "weights", weightsLength, (long)g.PatchSize * chanOut);
        Window2D.CheckLength(kernel, "output", outputLength, (long)batch * g.Positions * chanOut);
        Window2D.CheckLength(kernel, "scratch", scratchLength, ScratchLength(g, chanOut));
    }
}
