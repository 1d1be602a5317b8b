namespace DiyNet.Kernels;

/// <summary>
/// Everything a part of a <see cref="ConvolutionKernels"/> pass needs. Source: the images (forward, weight
/// gradient) or the image gradient (input gradient); Target: the output rows (forward); Delta: δ rows; Panel: the
/// packed weights at the start of the scratch; then one scratch block per part (an im2col chunk or the window
/// tables, a zero-bordered image, weight-gradient sums).
/// </summary>
internal unsafe struct ConvolutionJob
{
    public ConvolutionJob(in Window2D g, int batch, int chanOut, float* source, float* scratch, float* rows)
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
        _partScratch = scratch + ConvolutionKernels.PanelLength(g, chanOut);
        _partLength = ConvolutionKernels.PartLength(g, chanOut);
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

    public readonly Span<float> PaddedSpan(int part) => new(PaddedImage(part), ConvolutionKernels.PaddedImageSize(G));

    public readonly float* Sums(int part) => PaddedImage(part) + ConvolutionKernels.PaddedImageSize(G);

    // The images [first, last) of a part: the batch cut into Parts nearly equal runs.
    public readonly void Images(int part, out int first, out int last)
    {
        first = (int)((long)Batch * part / Parts);
        last = (int)((long)Batch * (part + 1) / Parts);
    }
}
