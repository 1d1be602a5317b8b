using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DiyNet.Kernels;

/// <summary>Average pooling over channels-last images (no padding, floor mode).</summary>
internal static class AvgPool
{
    /// <summary><c>y[n, oh, ow, c] = (1 / (kH·kW)) Σ_(kh, kw) x[n, oh·sH + kh, ow·sW + kw, c]</c>.</summary>
    /// <param name="window">The geometry; it must have no padding.</param>
    /// <param name="batch">Number of images N.</param>
    /// <param name="images">Input (N, H, W, C).</param>
    /// <param name="output">Output (N, OH, OW, C), overwritten.</param>
    /// <exception cref="ArgumentException">The window is padded or a span is too short.</exception>
    public static void Forward(in Window2D window, int batch, ReadOnlySpan<float> images, Span<float> output)
    {
        Window2D g = window;
        Check("AvgPool.Forward", g, batch, images.Length, output.Length);
        if (batch == 0) return;
        ref float x = ref MemoryMarshal.GetReference(images);
        ref float y = ref MemoryMarshal.GetReference(output);
        int c = g.Channels, rowStride = g.Width * c;
        float scale = 1f / (g.KernelHeight * g.KernelWidth);
        int o = 0;
        for (int n = 0; n < batch; n++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++, o += c)
                {
                    int start = n * g.ImageSize + oh * g.StrideHeight * rowStride + ow * g.StrideWidth * c;
                    ref float yo = ref Unsafe.Add(ref y, o);
                    ShortSpans.Copy(ref Unsafe.Add(ref x, start), ref yo, c);
                    for (int kh = 0; kh < g.KernelHeight; kh++)
                        for (int kw = kh == 0 ? 1 : 0; kw < g.KernelWidth; kw++)
                            ShortSpans.Add(ref Unsafe.Add(ref x, start + kh * rowStride + kw * c), ref yo, c);
                    for (int j = 0; j < c; j++) Unsafe.Add(ref yo, j) *= scale;
                }
    }

    /// <summary>Overwrites <paramref name="gradImages"/> (N, H, W, C) with
    /// <c>∂x[n, ih, iw, c] = Σ over the windows that contain (ih, iw) of δ[n, oh, ow, c] / (kH·kW)</c>.</summary>
    /// <exception cref="ArgumentException">The window is padded or a span is too short.</exception>
    public static void Backward(in Window2D window, int batch, ReadOnlySpan<float> delta, Span<float> gradImages)
    {
        Window2D g = window;
        Check("AvgPool.Backward", g, batch, gradImages.Length, delta.Length);
        gradImages.Slice(0, batch * g.ImageSize).Clear();
        if (batch == 0) return;
        ref float d = ref MemoryMarshal.GetReference(delta);
        ref float gx = ref MemoryMarshal.GetReference(gradImages);
        int c = g.Channels, rowStride = g.Width * c;
        float scale = 1f / (g.KernelHeight * g.KernelWidth);
        int o = 0;
        for (int n = 0; n < batch; n++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++, o += c)
                {
                    int start = n * g.ImageSize + oh * g.StrideHeight * rowStride + ow * g.StrideWidth * c;
                    for (int kh = 0; kh < g.KernelHeight; kh++)
                        for (int kw = 0; kw < g.KernelWidth; kw++)
                            ShortSpans.MultiplyAdd(ref Unsafe.Add(ref d, o), scale, ref Unsafe.Add(ref gx, start + kh * rowStride + kw * c), c);
                }
    }

    private static void Check(string kernel, in Window2D g, int batch, int imageLength, int outputLength)
    {
        if (!g.Unpadded) throw new ArgumentException($"{kernel}: padding {g.PadHeight}×{g.PadWidth} is not supported.");
        Window2D.CheckLength(kernel, "images", imageLength, (long)batch * g.ImageSize);
        Window2D.CheckLength(kernel, "output", outputLength, (long)batch * g.Positions * g.Channels);
    }
}
