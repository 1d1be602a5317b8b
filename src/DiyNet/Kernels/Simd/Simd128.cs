using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

/// <summary>
/// 128-bit vectors: 4 floats, a 4 × 8 register tile. The portable rung of the ladder (SSE, Arm AdvSimd); partial
/// loads and stores go lane by lane. Multiply-adds are fused only where the processor fuses them
/// (<see cref="FastMultiplyAdd"/>): x86 without FMA multiplies then adds.
/// </summary>
internal readonly unsafe struct Simd128 : ISimdOps<Vector128<float>>
{
    public static int Width => Vector128<float>.Count;

    public static int TileRows => 4;

    public static Vector128<float> Zero => Vector128<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(float* source) => Vector128.Load(source);

    public static Vector128<float> LoadPartial(float* source, int count)
    {
        float* lanes = stackalloc float[4];
        for (int i = 0; i < 4; i++) lanes[i] = i < count ? source[i] : 0f;
        return Vector128.Load(lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* destination, Vector128<float> value) => value.Store(destination);

    public static void StorePartial(float* destination, Vector128<float> value, int count)
    {
        for (int i = 0; i < count; i++) destination[i] = value.GetElement(i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        FastMultiplyAdd.Vector(a, b, c);
}
