using System.Runtime.CompilerServices;

namespace DiyNet.Kernels;

/// <summary>
/// col2im for channels-last images, the adjoint of <see cref="Im2Col.Pack"/>: sums every window row back onto the
/// image positions it was read from. It gives a convolution's input gradient from <c>δ·Wᵀ</c>, and a transposed
/// convolution's output from <c>x·W</c>.
/// </summary>
/// <remarks><c>images[n, ih, iw, c] = Σ columns[(n·OH + oh)·OW + ow, (kh·kW + kw)·C + c]</c> over the windows
/// (oh, ow) and taps (kh, kw) with <c>ih = oh·sH − pH + kh</c>, <c>iw = ow·sW − pW + kw</c>; values that fall in the
/// padding are dropped. Overlapping windows (stride &lt; kernel) add up.</remarks>
internal static unsafe class Col2Im
{
    /// <summary>Overwrites <paramref name="images"/> (N, H, W, C) with the fold of <paramref name="columns"/>
    /// (N·OH·OW, kH·kW·C).</summary>
    /// <exception cref="ArgumentException">A span is too short for the window and the batch.</exception>
    public static void Fold(in Window2D window, int batch, ReadOnlySpan<float> columns, Span<float> images)
    {
        Window2D.CheckLength("Col2Im.Fold", "images", images.Length, (long)batch * window.ImageSize);
        images.Slice(0, batch * window.ImageSize).Clear();
        AccumulateRows(window, columns, window.PatchSize, 0, batch * window.Positions, images);
    }

    /// <summary>
    /// Adds rows [<paramref name="firstRow"/>, firstRow + <paramref name="rowCount"/>) of the columns (stored one row
    /// every <paramref name="columnStride"/> floats) onto <paramref name="images"/>: the adjoint of
    /// <see cref="Im2Col.PackRows"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The stride is shorter than a patch, or a span is too short.</exception>
    public static void AccumulateRows(in Window2D window, ReadOnlySpan<float> columns, int columnStride, int firstRow,
        int rowCount, Span<float> images)
    {
        Window2D g = window;
        Im2Col.CheckRows("Col2Im.AccumulateRows", g, images.Length, firstRow, rowCount, columns.Length, columnStride);
        if (rowCount == 0) return;
        var segment = new Segment(g.KernelWidth * g.Channels);
        fixed (float* x = images)
        fixed (float* c = columns)
        {
            float* src = c;
            for (int r = firstRow, end = firstRow + rowCount; r < end;)
            {
                int n = r / g.Positions, position = r - n * g.Positions, oh = position / g.OutWidth, ow0 = position - oh * g.OutWidth;
                int ow1 = Math.Min(g.OutWidth, ow0 + (end - r));
                AddPiece(g, x + (long)n * g.ImageSize, oh, ow0, ow1, src, columnStride, segment);
                src += (long)(ow1 - ow0) * columnStride;
                r += ow1 - ow0;
            }
        }
    }

    private static void AddPiece(in Window2D g, float* image, int oh, int ow0, int ow1, float* src, int stride, in Segment segment)
    {
        int c = g.Channels, kernelRow = g.KernelWidth * c, ih0 = oh * g.StrideHeight - g.PadHeight;
        Window2D.InteriorColumns(g, out int inLo, out int inHi);
        for (int kh = 0; kh < g.KernelHeight; kh++, src += kernelRow)
        {
            int ih = ih0 + kh;
            if ((uint)ih >= (uint)g.Height) continue;
            float* row = image + (long)ih * g.Width * c;
            float* s = src;
            int lo = Math.Clamp(inLo, ow0, ow1), hi = Math.Clamp(inHi, lo, ow1);
            int ow = ow0;
            for (; ow < lo; ow++, s += stride) Clipped(g, row, ow, s);
            float* d = row + (long)(ow * g.StrideWidth - g.PadWidth) * c;
            long step = (long)g.StrideWidth * c;
            for (; ow < hi; ow++, s += stride, d += step) segment.AddTo(s, d);
            for (; ow < ow1; ow++, s += stride) Clipped(g, row, ow, s);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Clipped(in Window2D g, float* row, int ow, float* s)
    {
        int c = g.Channels, iw0 = ow * g.StrideWidth - g.PadWidth;
        int kwLo = Math.Max(0, -iw0), kwHi = Math.Min(g.KernelWidth, g.Width - iw0);
        if (kwHi > kwLo) ShortSpans.Add(ref s[kwLo * c], ref row[(long)(iw0 + kwLo) * c], (kwHi - kwLo) * c);
    }
}
