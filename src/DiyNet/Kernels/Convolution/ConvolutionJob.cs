namespace DiyNet.Kernels;

/// <summary>
/// Everything a part of a <see cref="ConvolutionKernels"/> pass needs: the images (read by
/// <see cref="ConvolutionKernels.UnfoldMultiply"/> and <see cref="ConvolutionKernels.AccumulateUnfoldedProduct"/>,
/// written by <see cref="ConvolutionKernels.MultiplyFold"/>), the rows (N·OH·OW, Channels) (written by the first,
/// read by the others), the packed weights at the start of the scratch, then one scratch block per part (an im2col
/// chunk or the window tables, a zero-bordered image, weight-gradient sums).
/// </summary>
internal unsafe struct ConvolutionJob
{
    public ConvolutionJob(in Window2D window, int batch, int channels, float* images, float* scratch, float* rows)
    {
        Window = window;
        Batch = batch;
        Channels = channels;
        PatchPadded = TallGemm.Padded(window.PatchSize);
        ChannelsPadded = TallGemm.Padded(channels);
        ChunkRows = ConvolutionKernels.ChunkRows(window);
        Parts = ConvolutionKernels.Parts(window, batch);
        Images = images;
        PackedWeights = scratch;
        _partScratch = scratch + ConvolutionKernels.PanelLength(window, channels);
        _partLength = ConvolutionKernels.PartLength(window, channels);
        Rows = rows;
    }

    private readonly float* _partScratch;
    private readonly int _partLength;

    /// <summary>The sliding window over the images.</summary>
    public readonly Window2D Window;

    /// <summary>Images in the batch; channels of a row (one per kernel); the patch size and the channels rounded up
    /// to the tile width; im2col rows per chunk; parts the batch is cut into.</summary>
    public readonly int Batch, Channels, PatchPadded, ChannelsPadded, ChunkRows, Parts;

    /// <summary>The images (N, H, W, C); the weights packed for the pass (W as (patch, ChannelsPadded) or Wᵀ as
    /// (Channels, PatchPadded)); the rows (N·OH·OW, Channels).</summary>
    public readonly float* Images, PackedWeights, Rows;

    /// <summary>The bias padded to ChannelsPadded, or null.</summary>
    public float* Bias;

    /// <summary>Whether <see cref="ConvolutionKernels.UnfoldMultiply"/> rectifies the rows it writes (<c>max(0, ·)</c>).</summary>
    public bool Relu;

    /// <summary>Where <see cref="ConvolutionKernels.UnfoldMultiply"/> max-pools each image of rows once written (null: no
    /// pooling): the output (N, POH, POW, Channels), the positions of the maxima (or null), and the pooling window
    /// over the rows seen as images (N, OH, OW, Channels).</summary>
    public float* Pooled;

    /// <inheritdoc cref="Pooled"/>
    public int* PooledArgmax;

    /// <inheritdoc cref="Pooled"/>
    public Window2D PoolWindow;

    public readonly float* Columns(int part) => _partScratch + (long)part * _partLength;

    public readonly float* PaddedImage(int part) => Columns(part) + ChunkRows * PatchPadded;

    // The row-start table (ChunkRows pointers) and the tap offsets (count entries, those past the patch 0) of
    // im2col read in place, in the part's column chunk (unused by the passes that read windows in place).
    public readonly void WindowTables(int part, int count, out float** rows, out int* offsets)
    {
        rows = (float**)Columns(part);
        offsets = (int*)(rows + ChunkRows);
        Window2D g = Window;
        int c = g.Channels, rowStride = (g.Width + 2 * g.PadWidth) * c, p = 0;
        for (int kh = 0; kh < g.KernelHeight; kh++)
            for (int kw = 0; kw < g.KernelWidth; kw++)
                for (int ch = 0; ch < c; ch++) offsets[p++] = kh * rowStride + kw * c + ch;
        for (; p < count; p++) offsets[p] = 0;
    }

    public readonly Span<float> PaddedSpan(int part) => new(PaddedImage(part), ConvolutionKernels.PaddedImageSize(Window));

    public readonly float* Sums(int part) => PaddedImage(part) + ConvolutionKernels.PaddedImageSize(Window);

    // The images [first, last) of a part: the batch cut into Parts nearly equal runs.
    public readonly void ImageRange(int part, out int first, out int last) =>
        KernelThreads.PartRange(Batch, Parts, part, out first, out last);
}
