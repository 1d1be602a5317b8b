using System.Runtime.CompilerServices;
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
internal static unsafe class MaxPool
{
    // Input floats per part, at least: a small batch stays on the calling thread.
    private const int FloatsPerPart = 1 << 16, MaxParts = 8;

    // Parts of whole images a pass over `batch` images is cut into (depends only on the shapes).
    internal static int Parts(in Window2D g, int batch) =>
        (int)Math.Clamp((long)batch * g.ImageSize / FloatsPerPart, 1, Math.Max(1, Math.Min(batch, MaxParts)));

    /// <summary>
    /// <c>y[n, oh, ow, c] = max over (kh, kw) of x[n, oh·sH + kh, ow·sW + kw, c]</c>; <paramref name="argmax"/> gets the
    /// index in <paramref name="images"/> of the maximum (see the tie rule).
    /// </summary>
    /// <param name="window">The geometry; it must have no padding.</param>
    /// <param name="batch">Number of images N.</param>
    /// <param name="images">Input (N, H, W, C).</param>
    /// <param name="output">Output (N, OH, OW, C), overwritten.</param>
    /// <param name="argmax">Same length as the output, overwritten; or empty, when only the maxima are wanted (an
    /// evaluation pass: the same maxima, without writing their positions).</param>
    /// <exception cref="ArgumentException">The window is padded or a span is too short.</exception>
    public static void Forward(in Window2D window, int batch, ReadOnlySpan<float> images, Span<float> output, Span<int> argmax)
    {
        Window2D g = window;
        if (!g.Unpadded) throw new ArgumentException($"MaxPool.Forward: padding {g.PadHeight}×{g.PadWidth} is not supported.");
        int outCount = checked(batch * g.Positions * g.Channels);
        Window2D.CheckLength("MaxPool.Forward", "images", images.Length, (long)batch * g.ImageSize);
        Window2D.CheckLength("MaxPool.Forward", "output", output.Length, outCount);
        if (!argmax.IsEmpty) Window2D.CheckLength("MaxPool.Forward", "argmax", argmax.Length, outCount);
        if (batch == 0) return;
        fixed (float* x = images)
        fixed (float* y = output)
        fixed (int* arg = argmax)
        {
            var job = new MaxPoolJob { Window = g, Batch = batch, Parts = Parts(g, batch), Images = x, Output = y, Argmax = argmax.IsEmpty ? null : arg };
            KernelThreads.Run(job.Parts, &ForwardPart, &job);   // one part runs on this thread
        }
    }

    // The forward pass over one part's images.
    private static void ForwardPart(void* state, int part)
    {
        ref MaxPoolJob j = ref *(MaxPoolJob*)state;
        j.ImageRange(part, out int first, out int last);
        ForwardImages(j.Window, j.Batch, j.Images, j.Output, j.Argmax, first, last);
    }

    /// <summary>
    /// The forward pass over images [<paramref name="first"/>, <paramref name="last"/>) of a batch of
    /// <paramref name="batch"/> (the pointers are those of the whole batch; nothing outside these images' outputs is
    /// written): for a layer that pools each image as soon as it has written it, while it is in cache. No checks.
    /// <paramref name="argmax"/> may be null: the maxima only.
    /// </summary>
    internal static void ForwardImages(in Window2D window, int batch, float* images, float* output, int* argmax, int first, int last)
    {
        if (argmax != null) ForwardImages(window, batch, images, output, argmax, first, last, positions: true);
        else ForwardImages(window, batch, images, output, null, first, last, positions: false);
    }

    // With or without the positions of the maxima (two inlined copies).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ForwardImages(in Window2D window, int batch, float* images, float* output, int* argmax, int first, int last, bool positions)
    {
        Window2D g = window;
        ref float x = ref *images;
        ref float y = ref *output;
        int unused = 0;
        ref int arg = ref positions ? ref *argmax : ref unused;
        int c = g.Channels, rowStride = g.Width * c;
        // Fewer than 8 channels: one 8-lane vector per window, its extra lanes spilling into the next window's
        // output, which is written next (so never for the last window of the part, nor where the loads would leave
        // the images).
        bool narrow = c < 8 && Vector256.IsHardwareAccelerated;
        long lastSafeRead = (long)batch * g.ImageSize - 8;
        int o = first * g.Positions * c, outEnd = last * g.Positions * c;
        for (int n = first; n < last; n++)
        {
            int image = n * g.ImageSize;
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++, o += c)
                {
                    int start = image + oh * g.StrideHeight * rowStride + ow * g.StrideWidth * c;
                    int lastTap = start + (g.KernelHeight - 1) * rowStride + (g.KernelWidth - 1) * c;
                    if (narrow && o + 8 <= outEnd && lastTap <= lastSafeRead)
                    {
                        NarrowWindow(ref x, start, rowStride, c, g.KernelHeight, g.KernelWidth, ref Unsafe.Add(ref y, o), ref Unsafe.Add(ref arg, positions ? o : 0), positions);
                        continue;
                    }
                    Window(ref x, start, rowStride, c, g.KernelHeight, g.KernelWidth, ref Unsafe.Add(ref y, o), ref Unsafe.Add(ref arg, positions ? o : 0), positions);
                }
            }
        }
    }

    // One window with fewer than 8 channels, as 8 lanes (see Forward).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void NarrowWindow(ref float x, int start, int rowStride, int c, int kernelHeight, int kernelWidth,
        ref float y, ref int arg, bool positions)
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
                if (positions) at = Vector256.ConditionalSelect(take.AsInt32(), Vector256.Create(t) + iota, at);
            }
        m.StoreUnsafe(ref y);
        if (positions) at.StoreUnsafe(ref arg);
    }

    /// <summary>
    /// The backward pass over the geometry of the forward pass: windows that tile the image (stride = kernel), with 8
    /// or more channels, own their input positions, so each position is written once — <c>0 + δ</c> at the window's maximum, 0 elsewhere —
    /// with vectors over the channels, instead of clearing the whole gradient and scattering into it; the positions
    /// no window covers (the floor mode's last rows and columns) are cleared. Overlapping windows, and fewer than 8
    /// channels (where the scatter measured faster), go through
    /// <see cref="Backward(ReadOnlySpan{int}, ReadOnlySpan{float}, Span{float})"/>. Same values, bit for bit.
    /// </summary>
    /// <exception cref="ArgumentException">The spans disagree with the geometry, or an index is outside the images.</exception>
    public static void Backward(in Window2D window, int batch, ReadOnlySpan<int> argmax, ReadOnlySpan<float> delta, Span<float> gradImages)
    {
        Window2D g = window;
        if (g.StrideHeight != g.KernelHeight || g.StrideWidth != g.KernelWidth || !g.Unpadded || g.Channels < 8)
        {
            Backward(argmax, delta, gradImages);
            return;
        }
        int c = g.Channels, rowStride = g.Width * c, outCount = checked(batch * g.Positions * c);
        Window2D.CheckLength("MaxPool.Backward", "delta", delta.Length, outCount);
        Window2D.CheckLength("MaxPool.Backward", "argmax", argmax.Length, outCount);
        Window2D.CheckLength("MaxPool.Backward", "gradImages", gradImages.Length, (long)batch * g.ImageSize);
        if (g.OutHeight * g.KernelHeight != g.Height || g.OutWidth * g.KernelWidth != g.Width) gradImages.Clear();
        if (batch == 0) return;
        fixed (int* arg = argmax)
        fixed (float* d = delta)
        fixed (float* gx = gradImages)
        {
            var job = new MaxPoolJob { Window = g, Batch = batch, Parts = Parts(g, batch), Argmax = arg, Delta = d, GradImages = gx };
            KernelThreads.Run(job.Parts, &TiledBackwardPart, &job);
        }
    }

    // The tiled backward pass over one part's images (each writes only its own images' gradient).
    private static void TiledBackwardPart(void* state, int part)
    {
        ref MaxPoolJob j = ref *(MaxPoolJob*)state;
        Window2D g = j.Window;
        j.ImageRange(part, out int first, out int last);
        ref int arg = ref *j.Argmax;
        ref float d = ref *j.Delta;
        ref float gx = ref *j.GradImages;
        int c = g.Channels, rowStride = g.Width * c;
        int o = first * g.Positions * c;
        for (int n = first; n < last; n++)
        {
            int image = n * g.ImageSize;
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++, o += c)
                {
                    int start = image + oh * g.KernelHeight * rowStride + ow * g.KernelWidth * c;
                    for (int kh = 0; kh < g.KernelHeight; kh++)
                        for (int kw = 0; kw < g.KernelWidth; kw++)
                        {
                            int t = start + kh * rowStride + kw * c;
                            Tap(ref Unsafe.Add(ref arg, o), ref Unsafe.Add(ref d, o), ref Unsafe.Add(ref gx, t), t, c);
                        }
                }
        }
    }

    // g[j] = (arg[j] == t + j) ? 0 + δ[j] : 0 for the c channels of one tap (0 + δ: a −0 gradient becomes +0, as the
    // scatter into cleared memory makes it).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tap(ref int arg, ref float delta, ref float g, int t, int c)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var iota = Vector512<int>.Indices;
            for (; j <= c - 16; j += 16)
            {
                var own = Vector512.Equals(Vector512.LoadUnsafe(ref arg, (nuint)j), Vector512.Create(t + j) + iota);
                var value = Vector512.LoadUnsafe(ref delta, (nuint)j) + Vector512<float>.Zero;
                (value & own.AsSingle()).StoreUnsafe(ref g, (nuint)j);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var iota = Vector256<int>.Indices;
            for (; j <= c - 8; j += 8)
            {
                var own = Vector256.Equals(Vector256.LoadUnsafe(ref arg, (nuint)j), Vector256.Create(t + j) + iota);
                var value = Vector256.LoadUnsafe(ref delta, (nuint)j) + Vector256<float>.Zero;
                (value & own.AsSingle()).StoreUnsafe(ref g, (nuint)j);
            }
        }
        for (; j < c; j++) Unsafe.Add(ref g, j) = Unsafe.Add(ref arg, j) == t + j ? 0f + Unsafe.Add(ref delta, j) : 0f;
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

    // One window, c channels: each block of 16 (then 8) channels keeps its maxima and their positions in registers over
    // all taps and is stored once; the remaining channels one by one. Same comparisons in the same scan order as tap by
    // tap through memory, so the same maxima and positions.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Window(ref float x, int start, int rowStride, int c, int kernelHeight, int kernelWidth, ref float y, ref int arg, bool positions)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var iota = Vector512<int>.Indices;
            for (; j <= c - 16; j += 16)
            {
                var m = Vector512.LoadUnsafe(ref x, (nuint)(start + j));
                var at = Vector512.Create(start + j) + iota;
                for (int kh = 0; kh < kernelHeight; kh++)
                    for (int kw = kh == 0 ? 1 : 0; kw < kernelWidth; kw++)
                    {
                        int t = start + kh * rowStride + kw * c + j;
                        var v = Vector512.LoadUnsafe(ref x, (nuint)t);
                        var take = Vector512.GreaterThan(v, m) | ~Vector512.Equals(v, v);
                        m = Vector512.ConditionalSelect(take, v, m);
                        if (positions) at = Vector512.ConditionalSelect(take.AsInt32(), Vector512.Create(t) + iota, at);
                    }
                m.StoreUnsafe(ref y, (nuint)j);
                if (positions) at.StoreUnsafe(ref arg, (nuint)j);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var iota = Vector256<int>.Indices;
            for (; j <= c - 8; j += 8)
            {
                var m = Vector256.LoadUnsafe(ref x, (nuint)(start + j));
                var at = Vector256.Create(start + j) + iota;
                for (int kh = 0; kh < kernelHeight; kh++)
                    for (int kw = kh == 0 ? 1 : 0; kw < kernelWidth; kw++)
                    {
                        int t = start + kh * rowStride + kw * c + j;
                        var v = Vector256.LoadUnsafe(ref x, (nuint)t);
                        var take = Vector256.GreaterThan(v, m) | ~Vector256.Equals(v, v);
                        m = Vector256.ConditionalSelect(take, v, m);
                        if (positions) at = Vector256.ConditionalSelect(take.AsInt32(), Vector256.Create(t) + iota, at);
                    }
                m.StoreUnsafe(ref y, (nuint)j);
                if (positions) at.StoreUnsafe(ref arg, (nuint)j);
            }
        }
        for (; j < c; j++)
        {
            float m = Unsafe.Add(ref x, start + j);
            int at = start + j;
            for (int kh = 0; kh < kernelHeight; kh++)
                for (int kw = kh == 0 ? 1 : 0; kw < kernelWidth; kw++)
                {
                    int t = start + kh * rowStride + kw * c + j;
                    float v = Unsafe.Add(ref x, t);
                    if (v > m || float.IsNaN(v))
                    {
                        m = v;
                        at = t;
                    }
                }
            Unsafe.Add(ref y, j) = m;
            if (positions) Unsafe.Add(ref arg, j) = at;
        }
    }
}
