using System.Runtime.CompilerServices;

namespace DiyNet.Kernels;

/// <summary>
/// im2col for channels-last images: unrolls every window of a batch into one row, so that a convolution is one
/// matrix multiply, <c>Y (N·OH·OW, Cout) = columns (N·OH·OW, kH·kW·C) · W (kH·kW·C, Cout)</c>.
/// </summary>
/// <remarks>
/// <c>columns[(n·OH + oh)·OW + ow, (kh·kW + kw)·C + c] = x[n, oh·sH − pH + kh, ow·sW − pW + kw, c]</c>, and 0 where
/// the window reaches into the padding. Channels-last keeps the kW·C values of one kernel row contiguous in the
/// image, so a row of columns is kH copies of (at most) kW·C contiguous values.
/// </remarks>
internal static unsafe class Im2Col
{
    /// <summary>Writes the columns of <paramref name="images"/> (N, H, W, C) into <paramref name="columns"/>
    /// (N·OH·OW, kH·kW·C), overwriting it.</summary>
    /// <exception cref="ArgumentException">A span is too short for the window and the batch.</exception>
    public static void Pack(in Window2D window, int batch, ReadOnlySpan<float> images, Span<float> columns)
    {
        Window2D.CheckLength("Im2Col.Pack", "images", images.Length, (long)batch * window.ImageSize);
        PackRows(window, images, 0, batch * window.Positions, columns, window.PatchSize);
    }

    /// <summary>
    /// Writes rows [<paramref name="firstRow"/>, firstRow + <paramref name="rowCount"/>) of the columns (rows count
    /// the windows of the whole batch, image by image) into <paramref name="columns"/>, one row every
    /// <paramref name="columnStride"/> floats; the <c>columnStride − kH·kW·C</c> floats after each row are set to 0.
    /// </summary>
    /// <exception cref="ArgumentException">The stride is shorter than a patch, or a span is too short.</exception>
    public static void PackRows(in Window2D window, ReadOnlySpan<float> images, int firstRow, int rowCount,
        Span<float> columns, int columnStride)
    {
        Window2D g = window;
        CheckRows("Im2Col.PackRows", g, images.Length, firstRow, rowCount, columns.Length, columnStride);
        if (rowCount == 0) return;
        var segment = new Segment(g.KernelWidth * g.Channels);
        fixed (float* x = images)
        fixed (float* c = columns)
        {
            float* dst = c;
            for (int r = firstRow, end = firstRow + rowCount; r < end;)
            {
                int n = r / g.Positions, position = r - n * g.Positions, oh = position / g.OutWidth, ow0 = position - oh * g.OutWidth;
                int ow1 = Math.Min(g.OutWidth, ow0 + (end - r));
                PackPiece(g, x + (long)n * g.ImageSize, oh, ow0, ow1, dst, columnStride, segment);
                dst += (long)(ow1 - ow0) * columnStride;
                r += ow1 - ow0;
            }
            int pad = columnStride - g.PatchSize;
            if (pad > 0)
            {
                var zeros = new Segment(pad);
                for (int r = 0; r < rowCount; r++) zeros.Clear(c + (long)r * columnStride + g.PatchSize);
            }
        }
    }

    // Windows ow0..ow1 of output row oh of one image.
    private static void PackPiece(in Window2D g, float* image, int oh, int ow0, int ow1, float* dst, int stride, in Segment segment)
    {
        int c = g.Channels, kernelRow = g.KernelWidth * c, ih0 = oh * g.StrideHeight - g.PadHeight;
        Window2D.InteriorColumns(g, out int inLo, out int inHi);
        for (int kh = 0; kh < g.KernelHeight; kh++, dst += kernelRow)
        {
            int ih = ih0 + kh;
            float* d = dst;
            if ((uint)ih >= (uint)g.Height)
            {
                for (int w = ow0; w < ow1; w++, d += stride) segment.Clear(d);
                continue;
            }
            float* row = image + (long)ih * g.Width * c;
            int lo = Math.Clamp(inLo, ow0, ow1), hi = Math.Clamp(inHi, lo, ow1);
            int ow = ow0;
            for (; ow < lo; ow++, d += stride) Clipped(g, row, ow, d);
            segment.CopyMany(row + (long)(ow * g.StrideWidth - g.PadWidth) * c, (long)g.StrideWidth * c, d, stride, hi - ow);
            d += (long)(hi - ow) * stride;
            for (ow = hi; ow < ow1; ow++, d += stride) Clipped(g, row, ow, d);
        }
    }

    // A window that reaches into the left or right padding: zeros, the part inside the row, zeros.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Clipped(in Window2D g, float* row, int ow, float* d)
    {
        int c = g.Channels, kernelRow = g.KernelWidth * c, iw0 = ow * g.StrideWidth - g.PadWidth;
        int kwLo = Math.Max(0, -iw0), kwHi = Math.Min(g.KernelWidth, g.Width - iw0);
        int lead = kwLo * c, count = Math.Max(0, kwHi - kwLo) * c;
        ShortSpans.Clear(ref *d, lead);
        if (count > 0) ShortSpans.Copy(ref row[(long)(iw0 + kwLo) * c], ref d[lead], count);
        ShortSpans.Clear(ref d[lead + count], kernelRow - lead - count);
    }

    internal static void CheckRows(string kernel, in Window2D g, int imagesLength, int firstRow, int rowCount,
        int columnsLength, int columnStride)
    {
        if (firstRow < 0 || rowCount < 0)
            throw new ArgumentException($"{kernel}: rows [{firstRow}, +{rowCount}) must not be negative.");
        if (columnStride < g.PatchSize)
            throw new ArgumentException($"{kernel}: column stride {columnStride} is shorter than a patch ({g.PatchSize}).");
        if (rowCount == 0) return;
        int lastImage = (firstRow + rowCount - 1) / g.Positions;
        Window2D.CheckLength(kernel, "images", imagesLength, (long)(lastImage + 1) * g.ImageSize);
        Window2D.CheckLength(kernel, "columns", columnsLength, (long)rowCount * columnStride);
    }
}
