using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
public static class Im2Col
{
    /// <summary>Writes the columns of <paramref name="images"/> (N, H, W, C) into <paramref name="columns"/>
    /// (N·OH·OW, kH·kW·C), overwriting it.</summary>
    /// <exception cref="ArgumentException">A span is too short for the window and the batch.</exception>
    public static void Pack(in Window2D window, int batch, ReadOnlySpan<float> images, Span<float> columns)
    {
        Window2D g = window;
        Window2D.CheckLength("Im2Col.Pack", "images", images.Length, (long)batch * g.ImageSize);
        Window2D.CheckLength("Im2Col.Pack", "columns", columns.Length, (long)batch * g.Positions * g.PatchSize);
        if (batch == 0) return;
        ref float src = ref MemoryMarshal.GetReference(images);
        ref float dst = ref MemoryMarshal.GetReference(columns);
        int c = g.Channels, kernelRow = g.KernelWidth * c, patch = g.PatchSize;
        long row = 0;
        for (int n = 0; n < batch; n++)
        {
            long image = (long)n * g.ImageSize;
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                int ih0 = oh * g.StrideHeight - g.PadHeight;
                for (int ow = 0; ow < g.OutWidth; ow++, row += patch)
                {
                    int iw0 = ow * g.StrideWidth - g.PadWidth;
                    int kwLo = Math.Max(0, -iw0), kwHi = Math.Min(g.KernelWidth, g.Width - iw0);
                    int lead = kwLo * c, count = Math.Max(0, kwHi - kwLo) * c, trail = kernelRow - lead - count;
                    for (int kh = 0; kh < g.KernelHeight; kh++)
                    {
                        ref float segment = ref Unsafe.Add(ref dst, (nint)(row + kh * kernelRow));
                        int ih = ih0 + kh;
                        if ((uint)ih >= (uint)g.Height || count == 0)
                        {
                            ShortSpans.Clear(ref segment, kernelRow);
                            continue;
                        }
                        if (lead > 0) ShortSpans.Clear(ref segment, lead);
                        ShortSpans.Copy(ref Unsafe.Add(ref src, (nint)(image + ((long)ih * g.Width + iw0 + kwLo) * c)),
                            ref Unsafe.Add(ref segment, lead), count);
                        if (trail > 0) ShortSpans.Clear(ref Unsafe.Add(ref segment, lead + count), trail);
                    }
                }
            }
        }
    }
}
