using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

/// <summary>(y, δ) ↦ δ·(1 − y²), with 1 − y² as one multiply-add (<see cref="FastMultiplyAdd"/>).</summary>
internal readonly struct TanhGradientOperator : IBinaryOperator
{
    public static float Invoke(float y, float d) => d * FastMultiplyAdd.Scalar(-y, y, 1f);

    public static Vector128<float> Invoke(Vector128<float> y, Vector128<float> d) =>
        d * FastMultiplyAdd.Vector(-y, y, Vector128<float>.One);

    public static Vector256<float> Invoke(Vector256<float> y, Vector256<float> d) =>
        d * FastMultiplyAdd.Vector(-y, y, Vector256<float>.One);

    public static Vector512<float> Invoke(Vector512<float> y, Vector512<float> d) =>
        d * FastMultiplyAdd.Vector(-y, y, Vector512<float>.One);
}
