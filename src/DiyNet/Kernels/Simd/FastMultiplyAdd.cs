using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace DiyNet.Kernels;

/// <summary>
/// <c>a·b + c</c> the way the processor computes it fast: one fused multiply-add (a single rounding) where it has
/// the instruction (x86 FMA3, Arm AdvSimd), a multiply then an add (two roundings) where it has not — never the
/// runtime's software emulation of the fused operation, some hundred times slower. Every kernel sums through these,
/// so all paths and vector widths give bit-identical results on one machine; a machine without FMA (or a run
/// with <c>DOTNET_EnableAVX2=0</c> or <c>DOTNET_EnableHWIntrinsic=0</c>) differs from one with it in the last bits.
/// </summary>
/// <remarks>
/// <see cref="IsFused"/> is a constant to the JIT and every branch on it is folded away. The vector forms name the
/// instructions (<c>Fma.MultiplyAdd</c>, <c>AdvSimd.FusedMultiplyAdd</c>) rather than
/// <c>Vector128.FusedMultiplyAdd</c>, whose software fallback the JIT would otherwise inline into every kernel
/// before discarding it, leaving the kernels' accumulators on the stack.
/// </remarks>
internal static class FastMultiplyAdd
{
    /// <summary>True when the processor fuses a multiply and an add in one instruction (x86 FMA3, Arm AdvSimd).</summary>
    public static bool IsFused => Fma.IsSupported || AdvSimd.IsSupported;

    /// <summary><c>a·b + c</c>: fused where <see cref="IsFused"/>, else a multiply then an add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Scalar(float a, float b, float c) => IsFused ? MathF.FusedMultiplyAdd(a, b, c) : a * b + c;

    /// <summary><c>a·b + c</c> lane by lane: fused where <see cref="IsFused"/>, else a multiply then an add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Vector(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c)
        : AdvSimd.IsSupported ? AdvSimd.FusedMultiplyAdd(c, a, b)
        : a * b + c;

    /// <summary><c>a·b + c</c> lane by lane: fused where <see cref="IsFused"/>, else a multiply then an add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Vector(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

    /// <summary><c>a·b + c</c> lane by lane: fused where <see cref="IsFused"/>, else a multiply then an add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Vector(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : a * b + c;

    /// <summary><c>destination[i] = x[i]·y + addend[i]</c>, rounded as <see cref="Scalar"/>.</summary>
    public static void Spans(ReadOnlySpan<float> x, float y, ReadOnlySpan<float> addend, Span<float> destination)
    {
        if (IsFused) TensorPrimitives.FusedMultiplyAdd(x, y, addend, destination);
        else TensorPrimitives.MultiplyAdd(x, y, addend, destination);
    }

    /// <summary><c>destination[i] = x[i]·y[i] + addend[i]</c>, rounded as <see cref="Scalar"/>.</summary>
    public static void Spans(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> addend, Span<float> destination)
    {
        if (IsFused) TensorPrimitives.FusedMultiplyAdd(x, y, addend, destination);
        else TensorPrimitives.MultiplyAdd(x, y, addend, destination);
    }
}
