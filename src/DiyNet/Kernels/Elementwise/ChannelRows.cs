using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

/// <summary>
/// Row-major data of shape (rows, C) combined with per-channel vectors of length C — the arithmetic of batch
/// normalization over channels-last tensors, where C is small (16 to 512) and the rows many (every position of every
/// example). One loop over all rows with the channel vectors re-read from L1, instead of one library call per row
/// (whose fixed cost dominates rows of 32 floats). Every element is computed with the same operations in the same
/// order as the per-row <see cref="System.Numerics.Tensors.TensorPrimitives"/> calls they replace (multiply, then
/// add: never fused), so the results are bit-identical to them.
/// </summary>
internal static class ChannelRows
{
    /// <summary><c>acc[j] += x[i, j]</c> for the rows i of <paramref name="x"/>, in row order.</summary>
    /// <exception cref="ArgumentException">The length of x is not a multiple of the channels.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddRows(ReadOnlySpan<float> x, Span<float> acc)
    {
        int c = acc.Length, rows = Rows(x.Length, c, nameof(AddRows));
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float a = ref MemoryMarshal.GetReference(acc);
        int j = 0;
        for (; j <= c - Vector256<float>.Count; j += Vector256<float>.Count)
        {
            var s = Vector256.LoadUnsafe(ref a, (nuint)j);
            for (int i = 0; i < rows; i++) s += Vector256.LoadUnsafe(ref xr, (nuint)((long)i * c + j));
            s.StoreUnsafe(ref a, (nuint)j);
        }
        for (; j < c; j++)
        {
            float s = Unsafe.Add(ref a, j);
            for (int i = 0; i < rows; i++) s += Unsafe.Add(ref xr, (nint)((long)i * c + j));
            Unsafe.Add(ref a, j) = s;
        }
    }

    /// <summary><c>acc[j] = x[i, j]·x[i, j] + acc[j]</c> for the rows i of <paramref name="x"/>, in row order.</summary>
    /// <exception cref="ArgumentException">The length of x is not a multiple of the channels.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddSquaredRows(ReadOnlySpan<float> x, Span<float> acc)
    {
        int c = acc.Length, rows = Rows(x.Length, c, nameof(AddSquaredRows));
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float a = ref MemoryMarshal.GetReference(acc);
        int j = 0;
        for (; j <= c - Vector256<float>.Count; j += Vector256<float>.Count)
        {
            var s = Vector256.LoadUnsafe(ref a, (nuint)j);
            for (int i = 0; i < rows; i++)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)((long)i * c + j));
                s = v * v + s;
            }
            s.StoreUnsafe(ref a, (nuint)j);
        }
        for (; j < c; j++)
        {
            float s = Unsafe.Add(ref a, j);
            for (int i = 0; i < rows; i++)
            {
                float v = Unsafe.Add(ref xr, (nint)((long)i * c + j));
                s = v * v + s;
            }
            Unsafe.Add(ref a, j) = s;
        }
    }

    /// <summary><c>acc[j] += a[i, j]</c> and <c>dots[j] = a[i, j]·b[i, j] + dots[j]</c> for the rows i, in row order.</summary>
    /// <exception cref="ArgumentException">The lengths disagree.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddRowsAndProducts(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> acc, Span<float> dots)
    {
        int c = acc.Length, rows = Rows(a.Length, c, nameof(AddRowsAndProducts));
        if (b.Length != a.Length || dots.Length != c)
            throw new ArgumentException($"ChannelRows.AddRowsAndProducts: b has {b.Length} values for {a.Length}, dots {dots.Length} for {c} channels.");
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float sr = ref MemoryMarshal.GetReference(acc);
        ref float dr = ref MemoryMarshal.GetReference(dots);
        int j = 0;
        for (; j <= c - Vector256<float>.Count; j += Vector256<float>.Count)
        {
            var s = Vector256.LoadUnsafe(ref sr, (nuint)j);
            var d = Vector256.LoadUnsafe(ref dr, (nuint)j);
            for (int i = 0; i < rows; i++)
            {
                nuint at = (nuint)((long)i * c + j);
                var v = Vector256.LoadUnsafe(ref ar, at);
                s += v;
                d = v * Vector256.LoadUnsafe(ref br, at) + d;
            }
            s.StoreUnsafe(ref sr, (nuint)j);
            d.StoreUnsafe(ref dr, (nuint)j);
        }
        for (; j < c; j++)
        {
            float s = Unsafe.Add(ref sr, j), d = Unsafe.Add(ref dr, j);
            for (int i = 0; i < rows; i++)
            {
                nint at = (nint)((long)i * c + j);
                float v = Unsafe.Add(ref ar, at);
                s += v;
                d = v * Unsafe.Add(ref br, at) + d;
            }
            Unsafe.Add(ref sr, j) = s;
            Unsafe.Add(ref dr, j) = d;
        }
    }

    /// <summary><c>y[i, j] = (x[i, j] − shift[j])·scale[j]</c>; y may be x. (Subtract, round, multiply, round.)</summary>
    /// <exception cref="ArgumentException">The lengths disagree.</exception>
    public static void SubtractMultiply(ReadOnlySpan<float> x, ReadOnlySpan<float> shift, ReadOnlySpan<float> scale, Span<float> y) =>
        Map<SubtractMultiplyChannelOperator>(x, x, shift, scale, shift, y, nameof(SubtractMultiply));

    /// <summary><c>y[i, j] = x[i, j] − shift[j]</c>; y may be x.</summary>
    /// <exception cref="ArgumentException">The lengths disagree.</exception>
    public static void Subtract(ReadOnlySpan<float> x, ReadOnlySpan<float> shift, Span<float> y) =>
        Map<SubtractChannelOperator>(x, x, shift, shift, shift, y, nameof(Subtract));

    /// <summary><c>y[i, j] = x[i, j]·scale[j]</c>; y may be x.</summary>
    /// <exception cref="ArgumentException">The lengths disagree.</exception>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> scale, Span<float> y) =>
        Map<MultiplyChannelOperator>(x, x, scale, scale, scale, y, nameof(Multiply));

    /// <summary><c>y[i, j] = x[i, j]·scale[j] + shift[j]</c> (multiply, round, add, round); y may be x.</summary>
    /// <exception cref="ArgumentException">The lengths disagree.</exception>
    public static void MultiplyAdd(ReadOnlySpan<float> x, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Span<float> y) =>
        Map<MultiplyAddChannelOperator>(x, x, scale, shift, scale, y, nameof(MultiplyAdd));

    /// <summary>
    /// The input gradient of batch normalization in training mode: <c>g[i, j] = ((δ[i, j] − x̂[i, j]·b[j]) − a[j])·s[j]</c>
    /// (a = mean(δ), b = mean(δ·x̂), s = γ/√(σ² + ε); each operation rounded in that order).
    /// </summary>
    /// <exception cref="ArgumentException">The lengths disagree.</exception>
    public static void BatchNormInputGradient(ReadOnlySpan<float> delta, ReadOnlySpan<float> normalized,
        ReadOnlySpan<float> meanDelta, ReadOnlySpan<float> meanProduct, ReadOnlySpan<float> scale, Span<float> gradient) =>
        Map<BatchNormGradientChannelOperator>(delta, normalized, meanDelta, meanProduct, scale, gradient, nameof(BatchNormInputGradient));

    // destination[i, j] = f(x[i, j], y[i, j], a[j], b[j], s[j]) over all rows (operands a caller does not use are
    // passed as one it does); the destination may be x.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Map<TOperator>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        ReadOnlySpan<float> s, Span<float> destination, string caller)
        where TOperator : struct, IChannelRowOperator
    {
        int c = a.Length, rows = Rows(x.Length, c, caller);
        Same(y.Length, x.Length, b.Length, c, caller);
        Same(destination.Length, x.Length, s.Length, c, caller);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float sr = ref MemoryMarshal.GetReference(s);
        ref float dr = ref MemoryMarshal.GetReference(destination);
        for (int i = 0; i < rows; i++)
        {
            nint o = (nint)((long)i * c);
            ref float xi = ref Unsafe.Add(ref xr, o);
            ref float yi = ref Unsafe.Add(ref yr, o);
            ref float di = ref Unsafe.Add(ref dr, o);
            int j = 0;
            for (; j <= c - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                nuint u = (nuint)j;
                TOperator.Invoke(Vector256.LoadUnsafe(ref xi, u), Vector256.LoadUnsafe(ref yi, u), Vector256.LoadUnsafe(ref ar, u),
                    Vector256.LoadUnsafe(ref br, u), Vector256.LoadUnsafe(ref sr, u)).StoreUnsafe(ref di, u);
            }
            for (; j < c; j++)
                Unsafe.Add(ref di, j) = TOperator.Invoke(Unsafe.Add(ref xi, j), Unsafe.Add(ref yi, j), Unsafe.Add(ref ar, j), Unsafe.Add(ref br, j), Unsafe.Add(ref sr, j));
        }
    }

    private static int Rows(int length, int channels, string caller)
    {
        if (channels <= 0 || length % channels != 0)
            throw new ArgumentException($"ChannelRows.{caller}: {length} values are not whole rows of {channels} channels.");
        return length / channels;
    }

    private static void Same(int actual, int expected, int vectorActual, int channels, string caller)
    {
        if (actual != expected || vectorActual != channels)
            throw new ArgumentException($"ChannelRows.{caller}: {actual} values for {expected}, or a channel vector of {vectorActual} for {channels} channels.");
    }
}
