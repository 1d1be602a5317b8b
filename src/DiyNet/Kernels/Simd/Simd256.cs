using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DiyNet.Kernels;

/// <summary>256-bit vectors (AVX2 + FMA): 8 floats, a 4 × 16 register tile (8 accumulators of the 16 registers).</summary>
internal readonly unsafe struct Simd256 : ISimdOps<Vector256<float>>
{
    public static int Width => Vector256<float>.Count;

    public static int TileRows => 4;

    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(float* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadPartial(float* source, int count) => Avx.MaskLoad(source, Mask(count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* destination, Vector256<float> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StorePartial(float* destination, Vector256<float> value, int count) =>
        Avx.MaskStore(destination, Mask(count), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Vector256.FusedMultiplyAdd(a, b, c);

    // Lanes [0, count) with the sign bit set (what vmaskmovps tests).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Mask(int count) =>
        Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle();
}
