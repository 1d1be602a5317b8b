namespace DiyNet.Kernels;

/// <summary>
/// The work of one part of a <see cref="ConvolutionKernels"/> pass (a run of whole images, with its own scratch),
/// called through <see cref="ConvolutionKernels"/>' runner with a pointer to the <see cref="ConvolutionJob"/>.
/// </summary>
internal static unsafe class ConvolutionParts
{
    /// <summary>rows = windows·W + b for one part, the windows read in place.</summary>
    public static void UnfoldMultiply(void* state, int part)
    {
        ref ConvolutionJob j = ref *(ConvolutionJob*)state;
        int cp = j.ChannelsPadded, k = j.Window.PatchSize;
        j.ImageRange(part, out int first, out int last);
        if (ConvolutionKernels.Spatial1x1(j.Window))
        {
            int r0 = first * j.Window.Positions, count = (last - first) * j.Window.Positions;
            TallGemm.Multiply(count, j.Channels, k, j.Images + (long)r0 * k, k, j.PackedWeights, cp, j.Bias, j.Rows + (long)r0 * j.Channels, j.Channels);
            if (j.Relu) Rectify(j.Rows + (long)r0 * j.Channels, count * j.Channels);
            if (j.Pooled != null) MaxPool.ForwardImages(j.PoolWindow, j.Batch, j.Rows, j.Pooled, j.PooledArgmax, first, last);
            return;
        }
        j.WindowTables(part, k, out float** rows, out int* offsets);
        j.PaddedSpan(part).Clear();   // the border; PadImage writes only the interior (the input gradient uses it all)
        int image = -1, pooled = first;
        foreach (var piece in new ConvolutionPieces(j, first, last))
        {
            float* source = piece.Padded ? j.PaddedImage(part) : j.Images;
            if (piece.Padded && piece.Image != image) PadImage(j.Window, j.Images, image = piece.Image, source);   // once per image, not per chunk
            WindowStarts(piece.Window, source, piece.FirstRow, piece.Count, rows);
            TallGemm.MultiplyWindows(piece.Count, j.Channels, k, rows, offsets, j.PackedWeights, cp, j.Bias, j.Rows + (long)piece.OutputRow * j.Channels, j.Channels);
            if (j.Relu) Rectify(j.Rows + (long)piece.OutputRow * j.Channels, piece.Count * j.Channels);
            if (j.Pooled == null) continue;
            // Pool the images whose rows are all written, while they are in cache.
            int done = (piece.OutputRow + piece.Count) / j.Window.Positions;
            if (done > pooled) MaxPool.ForwardImages(j.PoolWindow, j.Batch, j.Rows, j.Pooled, j.PooledArgmax, pooled, done);
            pooled = Math.Max(pooled, done);
        }
    }

    // max(0, ·) over `count` floats in place, as the ReLU module computes it.
    private static void Rectify(float* values, int count)
    {
        var span = new Span<float>(values, count);
        System.Numerics.Tensors.TensorPrimitives.Max(span, 0f, span);
    }

    /// <summary>windowsᵀ·rows for one part, into the part's own sums.</summary>
    public static void AccumulateUnfoldedProduct(void* state, int part)
    {
        ref ConvolutionJob j = ref *(ConvolutionJob*)state;
        int kp = j.PatchPadded, cp = j.ChannelsPadded;
        j.ImageRange(part, out int first, out int last);
        float* sums = j.Sums(part);
        new Span<float>(sums, kp * cp).Clear();
        j.WindowTables(part, kp, out float** rows, out int* offsets);
        j.PaddedSpan(part).Clear();   // the border; PadImage writes only the interior (the input gradient uses it all)
        int image = -1;
        foreach (var piece in new ConvolutionPieces(j, first, last))
        {
            float* source = piece.Padded ? j.PaddedImage(part) : j.Images;
            if (piece.Padded && piece.Image != image) PadImage(j.Window, j.Images, image = piece.Image, source);   // once per image, not per chunk
            WindowStarts(piece.Window, source, piece.FirstRow, piece.Count, rows);
            TallGemm.AccumulateTransposedWindows(kp, j.Channels, piece.Count, rows, offsets, j.Rows + (long)piece.OutputRow * j.Channels, j.Channels, sums, cp);
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

    /// <summary>images = col2im(rows·Wᵀ) for one part's images.</summary>
    public static void MultiplyFold(void* state, int part)
    {
        ref ConvolutionJob j = ref *(ConvolutionJob*)state;
        int kp = j.PatchPadded, k = j.Window.PatchSize;
        j.ImageRange(part, out int first, out int last);
        if (ConvolutionKernels.Spatial1x1(j.Window))
        {
            int r0 = first * j.Window.Positions, count = (last - first) * j.Window.Positions;
            TallGemm.Multiply(count, k, j.Channels, j.Rows + (long)r0 * j.Channels, j.Channels, j.PackedWeights, kp, null, j.Images + (long)r0 * k, k);
            return;
        }
        new Span<float>(j.Images + (long)first * j.Window.ImageSize, (last - first) * j.Window.ImageSize).Clear();
        float* columns = j.Columns(part);
        var columnSpan = new Span<float>(columns, j.ChunkRows * kp);
        int image = -1;
        foreach (var piece in new ConvolutionPieces(j, first, last))
        {
            if (piece.Padded && piece.Image != image)
            {
                if (image >= 0) CropImage(j.Window, j.PaddedSpan(part), j.Images, image);
                j.PaddedSpan(part).Clear();
                image = piece.Image;
            }
            TallGemm.Multiply(piece.Count, kp, j.Channels, j.Rows + (long)piece.OutputRow * j.Channels, j.Channels, j.PackedWeights, kp, null, columns, kp);
            var target = piece.Padded ? j.PaddedSpan(part) : new Span<float>(j.Images, j.Batch * j.Window.ImageSize);
            Col2Im.AccumulateRows(piece.Window, columnSpan, kp, piece.FirstRow, piece.Count, target);
        }
        if (image >= 0) CropImage(j.Window, j.PaddedSpan(part), j.Images, image);
    }

    // Copies image n into the interior of the zero-bordered buffer (its border is cleared once per part).
    private static void PadImage(in Window2D g, float* images, int n, float* padded) =>
        PadImage(g, images, n, padded, g.Width + 2 * g.PadWidth);

    /// <summary>Copies image n into a zero-bordered buffer whose rows are <paramref name="paddedWidth"/> pixels wide
    /// (at least Width + 2·PadWidth), at row PadHeight, column PadWidth; the rest of the buffer is left as it is.</summary>
    internal static void PadImage(in Window2D g, float* images, int n, float* padded, int paddedWidth)
    {
        int c = g.Channels, row = g.Width * c;
        nint paddedRow = (nint)paddedWidth * c;
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
}
