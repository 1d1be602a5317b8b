namespace DiyNet.Kernels;

/// <summary>
/// Convolution over channels-last images by chunked im2col: the windows are unrolled a few hundred rows at a time
/// into a buffer that stays in cache, and each chunk is multiplied at once by the kernels with tiles sized for a few
/// output channels (<see cref="TallGemm"/>). The full im2col matrix (megabytes for a first layer) is never built.
/// With padding, each image is first copied into a zero-bordered buffer, so that no window needs clipping.
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
        return ChunkRows(window) * kp + panel + PaddedImageSize(window);
    }

    // Rows of im2col per chunk: about ChunkFloats values, a multiple of 8 rows.
    private static int ChunkRows(in Window2D g) => Math.Clamp(ChunkFloats / TallGemm.Padded(g.PatchSize) / 8 * 8, 8, 4096);

    private static int PaddedImageSize(in Window2D g) =>
        g.Unpadded ? 0 : (g.Height + 2 * g.PadHeight) * (g.Width + 2 * g.PadWidth) * g.Channels;

    // The same window over the zero-bordered copy of an image.
    private static Window2D Unpadded(in Window2D g) =>
        new(g.Height + 2 * g.PadHeight, g.Width + 2 * g.PadWidth, g.Channels, g.KernelHeight, g.KernelWidth,
            g.StrideHeight, g.StrideWidth, 0, 0);

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
        int k = g.PatchSize, kp = TallGemm.Padded(k), cp = TallGemm.Padded(chanOut);
        Check("ConvolutionKernels.Forward", g, batch, chanOut, images.Length, weights.Length, output.Length, scratch.Length);
        if (bias.Length != 0 && bias.Length < chanOut) throw new ArgumentException($"ConvolutionKernels.Forward: bias has {bias.Length} values, needs {chanOut}.");
        var s = new Scratch(g, chanOut, scratch);
        // W padded to cp columns, then the bias padded likewise.
        for (int t = 0; t < k; t++)
        {
            if (weightsTransposed)
                for (int o = 0; o < chanOut; o++) s.Panel[t * cp + o] = weights[o * k + t];
            else
                weights.Slice(t * chanOut, chanOut).CopyTo(s.Panel.Slice(t * cp));
            s.Panel.Slice(t * cp + chanOut, cp - chanOut).Clear();
        }
        Span<float> paddedBias = s.Panel.Slice(k * cp, cp);
        paddedBias.Clear();
        if (bias.Length != 0) bias.Slice(0, chanOut).CopyTo(paddedBias);
        fixed (float* x = images)
        fixed (float* c = s.Columns)
        fixed (float* w = s.Panel)
        fixed (float* y = output)
        {
            float* b = bias.Length == 0 ? null : w + k * cp;
            if (Spatial1x1(g))
            {
                TallGemm.Multiply(batch * g.Positions, chanOut, k, x, k, w, cp, b, y, chanOut);
                return;
            }
            int padded = -1;
            foreach (var piece in new Pieces(g, batch))
            {
                if (piece.Image >= 0 && piece.Image != padded) PadImage(g, images, padded = piece.Image, s.Padded);
                ReadOnlySpan<float> source = piece.Image < 0 ? images : s.Padded;
                Im2Col.PackRows(piece.Window, source, piece.FirstRow, piece.Count, s.Columns, kp);
                TallGemm.Multiply(piece.Count, chanOut, k, c, kp, w, cp, b, y + (long)piece.OutputRow * chanOut, chanOut);
            }
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
        var s = new Scratch(g, chanOut, scratch);
        Span<float> sums = s.Panel.Slice(0, kp * cp);
        sums.Clear();
        fixed (float* c = s.Columns)
        fixed (float* d = delta)
        fixed (float* sum = sums)
        {
            int padded = -1;
            foreach (var piece in new Pieces(g, batch))
            {
                if (piece.Image >= 0 && piece.Image != padded) PadImage(g, images, padded = piece.Image, s.Padded);
                ReadOnlySpan<float> source = piece.Image < 0 ? images : s.Padded;
                Im2Col.PackRows(piece.Window, source, piece.FirstRow, piece.Count, s.Columns, kp);
                TallGemm.AccumulateTransposed(kp, chanOut, piece.Count, c, kp, d + (long)piece.OutputRow * chanOut, chanOut, sum, cp);
            }
        }
        for (int t = 0; t < k; t++)
        {
            if (gradientTransposed)
                for (int o = 0; o < chanOut; o++) weightGradient[o * k + t] += sums[t * cp + o];
            else
                System.Numerics.Tensors.TensorPrimitives.Add(weightGradient.Slice(t * chanOut, chanOut), sums.Slice(t * cp, chanOut),
                    weightGradient.Slice(t * chanOut, chanOut));
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
        var s = new Scratch(g, chanOut, scratch);
        Span<float> transposed = s.Panel.Slice(0, chanOut * kp);
        // Wᵀ: (Cout, kp), taps past k zero.
        transposed.Clear();
        for (int o = 0; o < chanOut; o++)
        {
            if (weightsTransposed) weights.Slice(o * k, k).CopyTo(transposed.Slice(o * kp));
            else
                for (int t = 0; t < k; t++) transposed[o * kp + t] = weights[t * chanOut + o];
        }
        fixed (float* c = s.Columns)
        fixed (float* d = delta)
        fixed (float* wt = transposed)
        fixed (float* dx = gradImages)
        {
            if (Spatial1x1(g))
            {
                TallGemm.Multiply(batch * g.Positions, k, chanOut, d, chanOut, wt, kp, null, dx, k);
                return;
            }
            gradImages.Slice(0, batch * g.ImageSize).Clear();
            int image = -1;
            foreach (var piece in new Pieces(g, batch))
            {
                if (piece.Image != image && image >= 0) CropImage(g, s.Padded, gradImages, image);
                if (piece.Image != image && piece.Image >= 0) s.Padded.Clear();
                image = piece.Image;
                TallGemm.Multiply(piece.Count, kp, chanOut, d + (long)piece.OutputRow * chanOut, chanOut, wt, kp, null, c, kp);
                Col2Im.AccumulateRows(piece.Window, s.Columns, kp, piece.FirstRow, piece.Count, piece.Image < 0 ? gradImages : s.Padded);
            }
            if (image >= 0) CropImage(g, s.Padded, gradImages, image);
        }
    }

    // Copies image n into the interior of the zero-bordered buffer (whose border no one writes).
    private static void PadImage(in Window2D g, ReadOnlySpan<float> images, int n, Span<float> padded)
    {
        int c = g.Channels, row = g.Width * c, paddedRow = (g.Width + 2 * g.PadWidth) * c;
        for (int h = 0; h < g.Height; h++)
            images.Slice(n * g.ImageSize + h * row, row).CopyTo(padded.Slice((h + g.PadHeight) * paddedRow + g.PadWidth * c));
    }

    // Copies the interior of the zero-bordered gradient buffer into image n of gradImages.
    private static void CropImage(in Window2D g, ReadOnlySpan<float> padded, Span<float> gradImages, int n)
    {
        int c = g.Channels, row = g.Width * c, paddedRow = (g.Width + 2 * g.PadWidth) * c;
        for (int h = 0; h < g.Height; h++)
            padded.Slice((h + g.PadHeight) * paddedRow + g.PadWidth * c, row).CopyTo(gradImages.Slice(n * g.ImageSize + h * row));
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

    // The scratch span cut into its parts: the im2col chunk, the weight panel, the zero-bordered image.
    private readonly ref struct Scratch
    {
        public Scratch(in Window2D g, int chanOut, Span<float> scratch)
        {
            int kp = TallGemm.Padded(g.PatchSize), cp = TallGemm.Padded(chanOut), chunk = ChunkRows(g) * kp;
            int panel = Math.Max(g.PatchSize * cp + cp, Math.Max(kp * cp, chanOut * kp));
            Columns = scratch.Slice(0, chunk);
            Panel = scratch.Slice(chunk, panel);
            Padded = scratch.Slice(chunk + panel, PaddedImageSize(g));
            if (!g.Unpadded) Padded.Clear();
        }

        public Span<float> Columns { get; }
        public Span<float> Panel { get; }
        public Span<float> Padded { get; }
    }

    // One chunk of im2col rows: which window and source (Image = −1: the unpadded batch itself; else the padded copy of
    // that image), which rows of that source, and where its rows start in the output.
    private readonly record struct Piece(Window2D Window, int Image, int FirstRow, int Count, int OutputRow);

    // The chunks of a pass: runs of ChunkRows rows across the batch without padding; with padding, within each image.
    private ref struct Pieces
    {
        private readonly Window2D _g, _source;
        private readonly int _chunk, _rows;
        private int _row;

        public Pieces(in Window2D g, int batch)
        {
            _g = g;
            _source = g.Unpadded ? g : Unpadded(g);
            _chunk = ChunkRows(g);
            _rows = batch * g.Positions;
            _row = 0;
            Current = default;
        }

        public Piece Current { get; private set; }

        public readonly Pieces GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_row >= _rows) return false;
            if (_g.Unpadded)
            {
                int count = Math.Min(_chunk, _rows - _row);
                Current = new Piece(_source, -1, _row, count, _row);
            }
            else
            {
                int image = _row / _g.Positions, first = _row - image * _g.Positions;
                int count = Math.Min(_chunk, _g.Positions - first);
                Current = new Piece(_source, image, first, count, _row);
            }
            _row += Current.Count;
            return true;
        }
    }
}
