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
/// scratch, so the result never depends on how the parts are run. Every pass takes a scratch span of
/// <see cref="ScratchLength"/> floats, owned by the caller: nothing is allocated. Needs AVX2 and FMA
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

    private static int PanelLength(in Window2D g, int chanOut)
    {
        int kp = TallGemm.Padded(g.PatchSize), cp = TallGemm.Padded(chanOut);
        return Math.Max(g.PatchSize * cp + cp, chanOut * kp);
    }

    // One part's scratch: an im2col chunk, a zero-bordered image, and weight-gradient sums.
    private static int PartLength(in Window2D g, int chanOut) =>
        ChunkRows(g) * TallGemm.Padded(g.PatchSize) + PaddedImageSize(g) + TallGemm.Padded(g.PatchSize) * TallGemm.Padded(chanOut);

    // Rows of im2col per chunk: about ChunkFloats values, a multiple of 8 rows.
    private static int ChunkRows(in Window2D g) => Math.Clamp(ChunkFloats / TallGemm.Padded(g.PatchSize) / 8 * 8, 8, 4096);

    private static int Parts(in Window2D g, int batch) =>
        Math.Max(1, Math.Min(Math.Min(MaxParts, batch), batch * g.Positions / RowsPerPart));

    private static int PaddedImageSize(in Window2D g) =>
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
            var job = new Job(g, batch, chanOut, x, s, y) { Bias = bias.Length == 0 ? null : s + k * cp };
            Run(ref job, &ForwardPart);
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
            var job = new Job(g, batch, chanOut, x, s, d);
            Run(ref job, &WeightGradientPart);
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
            var job = new Job(g, batch, chanOut, dx, s, d);
            Run(ref job, &InputGradientPart);
        }
    }

    // Runs every part of the job (each writes only its own images' rows and its own scratch).
    private static void Run(ref Job job, delegate*<void*, int, void> body)
    {
        fixed (Job* state = &job)
            for (int part = 0; part < job.Parts; part++) body(state, part);
    }

    private static void ForwardPart(void* state, int part)
    {
        ref Job j = ref *(Job*)state;
        int cp = j.Cp, k = j.G.PatchSize;
        j.Images(part, out int first, out int last);
        if (Spatial1x1(j.G))
        {
            int r0 = first * j.G.Positions, count = (last - first) * j.G.Positions;
            TallGemm.Multiply(count, j.ChanOut, k, j.Source + (long)r0 * k, k, j.Panel, cp, j.Bias, j.Target + (long)r0 * j.ChanOut, j.ChanOut);
            return;
        }
        j.WindowTables(part, k, out float** rows, out int* offsets);
        j.PaddedSpan(part).Clear();   // the border; PadImage writes only the interior (the input gradient uses it all)
        foreach (var piece in new Pieces(j, first, last))
        {
            float* source = piece.Padded ? j.PaddedImage(part) : j.Source;
            if (piece.Padded) PadImage(j.G, j.Source, piece.Image, source);
            WindowStarts(piece.Window, source, piece.FirstRow, piece.Count, rows);
            TallGemm.MultiplyWindows(piece.Count, j.ChanOut, k, rows, offsets, j.Panel, cp, j.Bias, j.Target + (long)piece.OutputRow * j.ChanOut, j.ChanOut);
        }
    }

    private static void WeightGradientPart(void* state, int part)
    {
        ref Job j = ref *(Job*)state;
        int kp = j.Kp, cp = j.Cp;
        j.Images(part, out int first, out int last);
        float* sums = j.Sums(part);
        new Span<float>(sums, kp * cp).Clear();
        j.WindowTables(part, kp, out float** rows, out int* offsets);
        j.PaddedSpan(part).Clear();   // the border; PadImage writes only the interior (the input gradient uses it all)
        foreach (var piece in new Pieces(j, first, last))
        {
            float* source = piece.Padded ? j.PaddedImage(part) : j.Source;
            if (piece.Padded) PadImage(j.G, j.Source, piece.Image, source);
            WindowStarts(piece.Window, source, piece.FirstRow, piece.Count, rows);
            TallGemm.AccumulateTransposedWindows(kp, j.ChanOut, piece.Count, rows, offsets, j.Delta + (long)piece.OutputRow * j.ChanOut, j.ChanOut, sums, cp);
        }
    }

    // rows[i] = where window firstRow + i of the source (images of geometry g, no padding) starts.
    private static void WindowStarts(in Window2D g, float* source, int firstRow, int count, float** rows)
    {
        int c = g.Channels, rowStride = g.Width * c;
        for (int r = firstRow, end = firstRow + count, i = 0; r < end;)
        {
            int n = r / g.Positions, position = r - n * g.Positions, oh = position / g.OutWidth, ow = position - oh * g.OutWidth;
            float* at = source + (long)n * g.ImageSize + (long)oh * g.StrideHeight * rowStride + (long)ow * g.StrideWidth * c;
            long step = (long)g.StrideWidth * c;
            for (; ow < g.OutWidth && r < end; ow++, r++, i++, at += step) rows[i] = at;
        }
    }

    private static void InputGradientPart(void* state, int part)
    {
        ref Job j = ref *(Job*)state;
        int kp = j.Kp, k = j.G.PatchSize;
        j.Images(part, out int first, out int last);
        if (Spatial1x1(j.G))
        {
            int r0 = first * j.G.Positions, count = (last - first) * j.G.Positions;
            TallGemm.Multiply(count, k, j.ChanOut, j.Delta + (long)r0 * j.ChanOut, j.ChanOut, j.Panel, kp, null, j.Source + (long)r0 * k, k);
            return;
        }
        new Span<float>(j.Source + (long)first * j.G.ImageSize, (last - first) * j.G.ImageSize).Clear();
        float* columns = j.Columns(part);
        var columnSpan = new Span<float>(columns, j.ChunkRows * kp);
        int image = -1;
        foreach (var piece in new Pieces(j, first, last))
        {
            if (piece.Padded && piece.Image != image)
            {
                if (image >= 0) CropImage(j.G, j.PaddedSpan(part), j.Source, image);
                j.PaddedSpan(part).Clear();
                image = piece.Image;
            }
            TallGemm.Multiply(piece.Count, kp, j.ChanOut, j.Delta + (long)piece.OutputRow * j.ChanOut, j.ChanOut, j.Panel, kp, null, columns, kp);
            var target = piece.Padded ? j.PaddedSpan(part) : new Span<float>(j.Source, j.Batch * j.G.ImageSize);
            Col2Im.AccumulateRows(piece.Window, columnSpan, kp, piece.FirstRow, piece.Count, target);
        }
        if (image >= 0) CropImage(j.G, j.PaddedSpan(part), j.Source, image);
    }

    // Copies image n into the interior of the zero-bordered buffer (its border is cleared once per part).
    private static void PadImage(in Window2D g, float* images, int n, float* padded)
    {
        int c = g.Channels, row = g.Width * c, paddedRow = (g.Width + 2 * g.PadWidth) * c;
        for (int h = 0; h < g.Height; h++)
            new ReadOnlySpan<float>(images + (long)n * g.ImageSize + h * row, row)
                .CopyTo(new Span<float>(padded + (h + g.PadHeight) * paddedRow + g.PadWidth * c, row));
    }

    // Copies the interior of the zero-bordered gradient buffer into image n.
    private static void CropImage(in Window2D g, ReadOnlySpan<float> padded, float* images, int n)
    {
        int c = g.Channels, row = g.Width * c, paddedRow = (g.Width + 2 * g.PadWidth) * c;
        for (int h = 0; h < g.Height; h++)
            padded.Slice((h + g.PadHeight) * paddedRow + g.PadWidth * c, row).CopyTo(new Span<float>(images + (long)n * g.ImageSize + h * row, row));
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
        Window2D.CheckLength(kernel, "scratch", scratchLength, ScratchLength(g, chanOut, batch));
    }

    // Everything a part needs. Source: the images (forward, weight gradient) or the image gradient (input gradient);
    // Target: the output rows (forward); Delta: δ rows; Panel: the packed weights at the start of the scratch.
    private struct Job
    {
        public Job(in Window2D g, int batch, int chanOut, float* source, float* scratch, float* rows)
        {
            G = g;
            Batch = batch;
            ChanOut = chanOut;
            Kp = TallGemm.Padded(g.PatchSize);
            Cp = TallGemm.Padded(chanOut);
            ChunkRows = ConvolutionKernels.ChunkRows(g);
            Parts = ConvolutionKernels.Parts(g, batch);
            Source = source;
            Panel = scratch;
            _partScratch = scratch + PanelLength(g, chanOut);
            _partLength = PartLength(g, chanOut);
            Target = rows;
            Delta = rows;
        }

        private readonly float* _partScratch;
        private readonly int _partLength;

        public readonly Window2D G;
        public readonly int Batch, ChanOut, Kp, Cp, ChunkRows, Parts;
        public readonly float* Source, Panel, Target, Delta;
        public float* Bias;

        public readonly ReadOnlySpan<float> SourceSpan => new(Source, Batch * G.ImageSize);

        public readonly float* Columns(int part) => _partScratch + (long)part * _partLength;

        public readonly float* PaddedImage(int part) => Columns(part) + ChunkRows * Kp;

        // The row-start table (ChunkRows pointers) and the tap offsets (count entries, those past the patch 0) of
        // im2col read in place, in the part's column chunk (unused by the passes that read windows in place).
        public readonly void WindowTables(int part, int count, out float** rows, out int* offsets)
        {
            rows = (float**)Columns(part);
            offsets = (int*)(rows + ChunkRows);
            Window2D g = G;
            int c = g.Channels, rowStride = (g.Width + 2 * g.PadWidth) * c, p = 0;
            for (int kh = 0; kh < g.KernelHeight; kh++)
                for (int kw = 0; kw < g.KernelWidth; kw++)
                    for (int ch = 0; ch < c; ch++) offsets[p++] = kh * rowStride + kw * c + ch;
            for (; p < count; p++) offsets[p] = 0;
        }

        public readonly Span<float> PaddedSpan(int part) => new(PaddedImage(part), PaddedImageSize(G));

        public readonly float* Sums(int part) => PaddedImage(part) + PaddedImageSize(G);

        // The images [first, last) of a part: the batch cut into Parts nearly equal runs.
        public readonly void Images(int part, out int first, out int last)
        {
            first = (int)((long)Batch * part / Parts);
            last = (int)((long)Batch * (part + 1) / Parts);
        }
    }

    // One chunk of im2col rows: the window and whether it reads the zero-bordered copy of Image (else the images
    // themselves), which rows of that source, and where its rows start in the output.
    private readonly record struct Piece(Window2D Window, bool Padded, int Image, int FirstRow, int Count, int OutputRow);

    // The chunks of images [first, last): runs of ChunkRows rows across images without padding; with padding, within
    // each image (over its zero-bordered copy).
    private ref struct Pieces
    {
        private readonly Window2D _g, _source;
        private readonly int _chunk, _end;
        private int _row;

        public Pieces(in Job job, int first, int last)
        {
            Window2D g = job.G;
            _g = g;
            _source = g.Unpadded ? g : new Window2D(g.Height + 2 * g.PadHeight, g.Width + 2 * g.PadWidth, g.Channels,
                g.KernelHeight, g.KernelWidth, g.StrideHeight, g.StrideWidth, 0, 0);
            _chunk = job.ChunkRows;
            _row = first * g.Positions;
            _end = last * g.Positions;
            Current = default;
        }

        public Piece Current { get; private set; }

        public readonly Pieces GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_row >= _end) return false;
            if (_g.Unpadded)
            {
                Current = new Piece(_source, false, -1, _row, Math.Min(_chunk, _end - _row), _row);
            }
            else
            {
                int image = _row / _g.Positions, first = _row - image * _g.Positions;
                Current = new Piece(_source, true, image, first, Math.Min(_chunk, _g.Positions - first), _row);
            }
            _row += Current.Count;
            return true;
        }
    }
}
