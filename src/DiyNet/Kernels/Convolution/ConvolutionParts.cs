namespace DiyNet.Kernels;

/// <summary>
/// The work of one part of a <see cref="ConvolutionKernels"/> pass (a run of whole images, with its own scratch),
/// called through <see cref="ConvolutionKernels"/>' runner with a pointer to the <see cref="ConvolutionJob"/>.
/// </summary>
internal static unsafe class ConvolutionParts
{
    /// <summary>The forward pass of one part: y = windows·W + b, the windows read in place.</summary>
    public static void Forward(void* state, int part)
    {
        ref ConvolutionJob j = ref *(ConvolutionJob*)state;
        int cp = j.Cp, k = j.G.PatchSize;
        j.Images(part, out int first, out int last);
        if (ConvolutionKernels.Spatial1x1(j.G))
        {
            int r0 = first * j.G.Positions, count = (last - first) * j.G.Positions;
            TallGemm.Multiply(count, j.ChanOut, k, j.Source + (long)r0 * k, k, j.Panel, cp, j.Bias, j.Target + (long)r0 * j.ChanOut, j.ChanOut);
            return;
        }
        j.WindowTables(part, k, out float** rows, out int* offsets);
        j.PaddedSpan(part).Clear();   // the border; PadImage writes only the interior (the input gradient uses it all)
        foreach (var piece in new ConvolutionPieces(j, first, last))
        {
            float* source = piece.Padded ? j.PaddedImage(part) : j.Source;
            if (piece.Padded) PadImage(j.G, j.Source, piece.Image, source);
            WindowStarts(piece.Window, source, piece.FirstRow, piece.Count, rows);
            TallGemm.MultiplyWindows(piece.Count, j.ChanOut, k, rows, offsets, j.Panel, cp, j.Bias, j.Target + (long)piece.OutputRow * j.ChanOut, j.ChanOut);
        }
    }

    /// <summary>The weight gradient of one part, into the part's own sums.</summary>
    public static void WeightGradient(void* state, int part)
    {
        ref ConvolutionJob j = ref *(ConvolutionJob*)state;
        int kp = j.Kp, cp = j.Cp;
        j.Images(part, out int first, out int last);
        float* sums = j.Sums(part);
        new Span<float>(sums, kp * cp).Clear();
        j.WindowTables(part, kp, out float** rows, out int* offsets);
        j.PaddedSpan(part).Clear();   // the border; PadImage writes only the interior (the input gradient uses it all)
        foreach (var piece in new ConvolutionPieces(j, first, last))
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

    /// <summary>The input gradient of one part's images: col2im(δ·Wᵀ).</summary>
    public static void InputGradient(void* state, int part)
    {
        ref ConvolutionJob j = ref *(ConvolutionJob*)state;
        int kp = j.Kp, k = j.G.PatchSize;
        j.Images(part, out int first, out int last);
        if (ConvolutionKernels.Spatial1x1(j.G))
        {
            int r0 = first * j.G.Positions, count = (last - first) * j.G.Positions;
            TallGemm.Multiply(count, k, j.ChanOut, j.Delta + (long)r0 * j.ChanOut, j.ChanOut, j.Panel, kp, null, j.Source + (long)r0 * k, k);
            return;
        }
        new Span<float>(j.Source + (long)first * j.G.ImageSize, (last - first) * j.G.ImageSize).Clear();
        float* columns = j.Columns(part);
        var columnSpan = new Span<float>(columns, j.ChunkRows * kp);
        int image = -1;
        foreach (var piece in new ConvolutionPieces(j, first, last))
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
}
