using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

/// <summary>
/// Hand-written elementwise kernels for what <see cref="System.Numerics.Tensors.TensorPrimitives"/> lacks (the
/// fused derivatives of activations): one loop over the Vector512 → Vector256 → Vector128 → scalar ladder,
/// specialized by the JIT for each operator.
/// </summary>
internal static class Elementwise
{
    /// <summary>ReLU backward: <c>destination = δ·[x &gt; 0]</c> (0 at x = 0, as PyTorch).</summary>
    /// <exception cref="ArgumentException">The spans have different lengths.</exception>
    public static void ReluGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> delta, Span<float> destination) =>
        Map<ReluGradientOperator>(x, delta, destination);

    /// <summary>TanH backward from its output y: <c>destination = δ·(1 − y²)</c>.</summary>
    /// <exception cref="ArgumentException">The spans have different lengths.</exception>
    public static void TanhGradient(ReadOnlySpan<float> y, ReadOnlySpan<float> delta, Span<float> destination) =>
        Map<TanhGradientOperator>(y, delta, destination);

    /// <summary>Sigmoid backward from its output y: <c>destination = δ·y·(1 − y)</c>.</summary>
    /// <exception cref="ArgumentException">The spans have different lengths.</exception>
    public static void SigmoidGradient(ReadOnlySpan<float> y, ReadOnlySpan<float> delta, Span<float> destination) =>
        Map<SigmoidGradientOperator>(y, delta, destination);

    /// <summary>A dropout mask from uniform draws, in place: <c>u[i] ← u[i] &lt; p ? 0 : scale</c> (without a branch per value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DropoutMask(Span<float> uniforms, float p, float scale)
    {
        ref float u = ref MemoryMarshal.GetReference(uniforms);
        nuint n = (nuint)uniforms.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var pv = Vector512.Create(p);
            var sv = Vector512.Create(scale);
            for (; i + 16 <= n; i += 16)
                Vector512.ConditionalSelect(Vector512.LessThan(Vector512.LoadUnsafe(ref u, i), pv), Vector512<float>.Zero, sv).StoreUnsafe(ref u, i);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var pv = Vector256.Create(p);
            var sv = Vector256.Create(scale);
            for (; i + 8 <= n; i += 8)
                Vector256.ConditionalSelect(Vector256.LessThan(Vector256.LoadUnsafe(ref u, i), pv), Vector256<float>.Zero, sv).StoreUnsafe(ref u, i);
        }
        for (; i < n; i++) Unsafe.Add(ref u, i) = Unsafe.Add(ref u, i) < p ? 0f : scale;
    }

    /// <summary><c>destination[i] = f(x[i], y[i])</c>; the destination may be one of the inputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Map<TOperator>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOperator : struct, IBinaryOperator
    {
        if (x.Length != destination.Length || y.Length != destination.Length)
            throw new ArgumentException($"Elementwise: lengths {x.Length}, {y.Length} and destination {destination.Length} differ.");
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        ref float ds = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)destination.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= n; i += 16)
                TOperator.Invoke(Vector512.LoadUnsafe(ref xs, i), Vector512.LoadUnsafe(ref ys, i)).StoreUnsafe(ref ds, i);
        if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= n; i += 8)
                TOperator.Invoke(Vector256.LoadUnsafe(ref xs, i), Vector256.LoadUnsafe(ref ys, i)).StoreUnsafe(ref ds, i);
        if (Vector128.IsHardwareAccelerated)
            for (; i + 4 <= n; i += 4)
                TOperator.Invoke(Vector128.LoadUnsafe(ref xs, i), Vector128.LoadUnsafe(ref ys, i)).StoreUnsafe(ref ds, i);
        for (; i < n; i++)
            Unsafe.Add(ref ds, i) = TOperator.Invoke(Unsafe.Add(ref xs, i), Unsafe.Add(ref ys, i));
    }
}
