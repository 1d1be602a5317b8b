using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

/// <summary>The ReLU gradient, <c>∂x[i] = x[i] &gt; 0 ? δ[i] : 0</c> (0 at x = 0 and for NaN, as PyTorch), as a
/// branch-free select: a scalar loop mispredicts on about half the elements of a random batch.</summary>
public static class ReluBackward
{
    /// <summary>Writes <c>x[i] &gt; 0 ? δ[i] : 0</c> into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Apply(ReadOnlySpan<float> input, ReadOnlySpan<float> delta, Span<float> destination)
    {
        if (input.Length != delta.Length || input.Length != destination.Length)
            throw new ArgumentException($"ReluBackward: input {input.Length}, delta {delta.Length}, destination {destination.Length} values.");
        ref float x = ref MemoryMarshal.GetReference(input);
        ref float d = ref MemoryMarshal.GetReference(delta);
        ref float g = ref MemoryMarshal.GetReference(destination);
        int n = input.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - 16; i += 16)
                Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.LoadUnsafe(ref x, (nuint)i), Vector512<float>.Zero),
                    Vector512.LoadUnsafe(ref d, (nuint)i), Vector512<float>.Zero).StoreUnsafe(ref g, (nuint)i);
        if (Vector256.IsHardwareAccelerated)
            for (; i <= n - 8; i += 8)
                Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.LoadUnsafe(ref x, (nuint)i), Vector256<float>.Zero),
                    Vector256.LoadUnsafe(ref d, (nuint)i), Vector256<float>.Zero).StoreUnsafe(ref g, (nuint)i);
        if (Vector128.IsHardwareAccelerated)
            for (; i <= n - 4; i += 4)
                Vector128.ConditionalSelect(Vector128.GreaterThan(Vector128.LoadUnsafe(ref x, (nuint)i), Vector128<float>.Zero),
                    Vector128.LoadUnsafe(ref d, (nuint)i), Vector128<float>.Zero).StoreUnsafe(ref g, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref g, i) = Unsafe.Add(ref x, i) > 0f ? Unsafe.Add(ref d, i) : 0f;
    }
}
