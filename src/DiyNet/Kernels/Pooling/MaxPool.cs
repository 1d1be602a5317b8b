using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

/// <summary>
/// Max pooling over channels-last images (no padding, floor mode), with the position of each maximum kept for the
/// backward pass.
/// </summary>
/// <remarks>
/// Tie rule (as PyTorch on the CPU): the window is scanned row by row (kh, then kw) and a value replaces the current
/// maximum only when it is strictly greater, so among equal maxima the <em>first</em> in scan order wins and alone
/// receives the gradient. A NaN always replaces the maximum (NaN propagates, like PyTorch).
/// </remarks>
internal static class MaxPool
{
    /// <summary>
    /// <c>y[n, oh, ow, c] = max over (kh, kw) of x[n, oh·sH + kh, ow·sW + kw, c]</c>; <paramref name="argmax"/> gets the
    /// index in <paramref name="images"/> of the maximum (see the tie rule).
    /// </summary>
    /// <param name="window">The geometry; it must have no padding.</param>
    /// <param name="batch">Number of images N.</param>
    /// <param name="images">Input (N, H, W, C).</param>
    /// <param name="output">Output (N, OH, OW, C), overwritten.</param>
    /// <param name="argmax">Same length as the output, overwritten.</param>
    /// <exception cref="ArgumentException">The window is padded or a span is too short.</exception>
    public static void Forward(in Window2D window, int batch, ReadOnlySpan<float> images, Span<float> output, Span<int> argmax)
    {
        Window2D g = window;
        if (!g.Unpadded) throw new ArgumentException($"MaxPool.Forward: padding {g.PadHeight}×{g.PadWidth} is not supported.");
        int outCount = checked(batch * g.Positions * g.Channels);
        Window2D.CheckLength("MaxPool.Forward", "images", images.Length, (long)batch * g.ImageSize);
        Window2D.CheckLength("MaxPool.Forward", "output", output.Length, outCount);
        Window2D.CheckLength("MaxPool.Forward", "argmax", argmax.Length, outCount);
        if (batch == 0) return;
        ref float x = ref MemoryMarshal.GetReference(images);
        ref float y = ref MemoryMarshal.GetReference(output);
        ref int arg = ref MemoryMarshal.GetReference(argmax);
        int c = g.Channels, rowStride = g.Width * c;
        // Fewer than 8 channels: one 8-lane vector per window, its extra lanes spilling into the next window's
        // output, which is written next (so never for the last window, nor where the loads would leave the images).
        bool narrow = c < 8 && Vector256.IsHardwareAccelerated;
        long lastSafeRead = images.Length - 8;
        int o = 0;
        for (int n = 0; n < batch; n++)
        {
            int image = n * g.ImageSize;
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++, o += c)
                {
                    int start = image + oh * g.StrideHeight * rowStride + ow * g.StrideWidth * c;
                    int lastTap = start + (g.KernelHeight - 1) * rowStride + (g.KernelWidth - 1) * c;
                    if (narrow && o + 8 <= outCount && lastTap <= lastSafeRead)
                    {
                        NarrowWindow(ref x, start, rowStride, c, g.KernelHeight, g.KernelWidth, ref Unsafe.Add(ref y, o), ref Unsafe.Add(ref arg, o));
                        continue;
                    }
                    ref float yo = ref Unsafe.Add(ref y, o);
                    ref int ao = ref Unsafe.Add(ref arg, o);
                    ShortSpans.Copy(ref Unsafe.Add(ref x, start), ref yo, c);
                    for (int j = 0; j < c; j++) Unsafe.Add(ref ao, j) = start + j;
                    for (int kh = 0; kh < g.KernelHeight; kh++)
                        for (int kw = kh == 0 ? 1 : 0; kw < g.KernelWidth; kw++)
                        {
                            int t = start + kh * rowStride + kw * c;
                            MaxInto(ref Unsafe.Add(ref x, t), t, ref yo, ref ao, c);
                        }
                }
            }
        }
    }

    // One window with fewer than 8 channels, as 8 lanes (see Forward).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void NarrowWindow(ref float x, int start, int rowStride, int c, int kernelHeight, int kernelWidth,
        ref float y, ref int arg)
    {
        var iota = Vector256<int>.Indices;
        var m = Vector256.LoadUnsafe(ref x, (nuint)start);
        var at = Vector256.Create(start) + iota;
        for (int kh = 0; kh < kernelHeight; kh++)
            for (int kw = kh == 0 ? 1 : 0; kw < kernelWidth; kw++)
            {
                int t = start + kh * rowStride + kw * c;
                var v = Vector256.LoadUnsafe(ref x, (nuint)t);
                var take = Vector256.GreaterThan(v, m) | ~Vector256.Equals(v, v);
                m = Vector256.ConditionalSelect(take, v, m);
                at = Vector256.ConditionalSelect(take.AsInt32(), Vector256.Create(t) + iota, at);
            }
        m.StoreUnsafe(ref y);
        at.StoreUnsafe(ref arg);
    }

    /// <summary>Overwrites <paramref name="gradImages"/> with <c>Σ δ</c> scattered to the positions in
    /// <paramref name="argmax"/> (overlapping windows that share a maximum add up).</summary>
    /// <exception cref="ArgumentException">The spans disagree in length, or an index is outside the images.</exception>
    public static void Backward(ReadOnlySpan<int> argmax, ReadOnlySpan<float> delta, Span<float> gradImages)
    {
        if (delta.Length != argmax.Length)
            throw new ArgumentException($"MaxPool.Backward: delta has {delta.Length} values, argmax {argmax.Length}.");
        gradImages.Clear();
        for (int i = 0; i < delta.Length; i++)
        {
            int at = argmax[i];
            if ((uint)at >= (uint)gradImages.Length)
                throw new ArgumentException($"MaxPool.Backward: index {at} outside the {gradImages.Length} input values.");
            gradImages[at] += delta[i];
        }
    }

    // y[j], arg[j] ← x[j], t + j where x[j] > y[j] or x[j] is NaN.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaxInto(ref float x, int t, ref float y, ref int arg, int count)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated && count >= 16)
        {
            var iota = Vector512<int>.Indices;
            for (; j <= count - 16; j += 16)
            {
                var v = Vector512.LoadUnsafe(ref x, (nuint)j);
                var m = Vector512.LoadUnsafe(ref y, (nuint)j);
                var take = Vector512.GreaterThan(v, m) | ~Vector512.Equals(v, v);
                Vector512.ConditionalSelect(take, v, m).StoreUnsafe(ref y, (nuint)j);
                var at = Vector512.Create(t + j) + iota;
                Vector512.ConditionalSelect(take.AsInt32(), at, Vector512.LoadUnsafe(ref arg, (nuint)j)).StoreUnsafe(ref arg, (nuint)j);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var iota = Vector256<int>.Indices;
            for (; j <= count - 8; j += 8)
            {
                var v = Vector256.LoadUnsafe(ref x, (nuint)j);
                var m = Vector256.LoadUnsafe(ref y, (nuint)j);
                var take = Vector256.GreaterThan(v, m) | ~Vector256.Equals(v, v);
                Vector256.ConditionalSelect(take, v, m).StoreUnsafe(ref y, (nuint)j);
                var at = Vector256.Create(t + j) + iota;
                Vector256.ConditionalSelect(take.AsInt32(), at, Vector256.LoadUnsafe(ref arg, (nuint)j)).StoreUnsafe(ref arg, (nuint)j);
            }
        }
        for (; j < count; j++)
        {
            float v = Unsafe.Add(ref x, j);
            if (v > Unsafe.Add(ref y, j) || float.IsNaN(v))
            {
                Unsafe.Add(ref y, j) = v;
                Unsafe.Add(ref arg, j) = t + j;
            }
        }
    }
}
