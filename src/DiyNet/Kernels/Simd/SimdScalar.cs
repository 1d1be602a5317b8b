using System.Runtime.CompilerServices;

namespace DiyNet.Kernels;

/// <summary>
/// The scalar rung, one float per "vector" and a 4 × 2 register tile: for runtimes or processors without
/// hardware vectors (<c>DOTNET_EnableHWIntrinsic=0</c>), where <c>Vector128</c> would be emulated in software
/// call by call. Multiply-adds follow <see cref="FastMultiplyAdd"/>.
/// </summary>
internal readonly unsafe struct SimdScalar : ISimdOps<float>
{
    public static int Width => 1;

    public static int TileRows => 4;

    public static float Zero => 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(float* source) => *source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LoadPartial(float* source, int count) => count > 0 ? *source : 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* destination, float value) => *destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StorePartial(float* destination, float value, int count)
    {
        if (count > 0) *destination = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Broadcast(float value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAdd(float a, float b, float c) => FastMultiplyAdd.Scalar(a, b, c);
}
