using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DiyNet.Kernels;

/// <summary>
/// col2im for channels-last images, the adjoint of <see cref="Im2Col.Pack"/>: sums every window row back onto the
/// image positions it was read from. It gives a convolution's input gradient from <c>δ·Wᵀ</c>, and a transposed
/// convolution's output from <c>x·W</c>.
/// </summary>
/// <remarks><c>images[n, ih, iw, c] = Σ columns[(n·OH + oh)·OW + ow, (kh·kW + kw)·C + c]</c> over the windows
/// (oh, ow) and taps (kh, kw) with <c>ih = oh·sH − pH + kh</c>, <c>iw = ow·sW − pW + kw</c>; values that fall in the
/// padding are dropped. Overlapping windows (stride &lt; kernel) add up.</remarks>
public static class Col2Im
{
    /// <summary>Overwrites <paramref name="images"/> (N, H, W, C) with the fold of <paramref name="columns"/>
    /// (N·OH·OW, kH·kW·C).</summary>
    /// <exception cref="ArgumentException">A span is too short for the window and the batch.</exception>
    public static void Fold(in Window2D window, int batch, ReadOnlySpan<float> columns, Span<float> images)
    {
        Window2D g = window;
        Window2D.CheckLength("Col2Im.Fold", "columns", columns.Length, (long)batch * g.Positions * g.PatchSize);
        Window2D.CheckLength("Col2Im.Fold", "images", images.Length, (long)batch * g.ImageSize);
        images.Slice(0, batch * g.ImageSize).Clear();
        if (batch == 0) return;
        ref float src = ref MemoryMarshal.GetReference(columns);
        ref float dst = ref MemoryMarshal.GetReference(images);
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
                    int lead = kwLo * c, count = (kwHi - kwLo) * c;
                    if (count <= 0) continue;
                    for (int kh = 0; kh < g.KernelHeight; kh++)
                    {
                        int ih = ih0 + kh;
                        if ((uint)ih >= (uint)g.Height) continue;
                        ShortSpans.Add(ref Unsafe.Add(ref src, (nint)(row + kh * kernelRow + lead)),
                            ref Unsafe.Add(ref dst, (nint)(image + ((long)ih * g.Width + iw0 + kwLo) * c)), count);
                    }
                }
            }
        }
    }
}
