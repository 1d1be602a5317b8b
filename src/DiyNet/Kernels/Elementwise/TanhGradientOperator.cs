using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

/// <summary>(y, δ) ↦ δ·(1 − y²), with 1 − y² as one fused multiply-add.</summary>
internal readonly struct TanhGradientOperator : IBinaryOperator
{
    public static float Invoke(float y, float d) => d * MathF.FusedMultiplyAdd(-y, y, 1f);

    public static Vector128<float> Invoke(Vector128<float> y, Vector128<float> d) =>
        d * Vector128.FusedMultiplyAdd(-y, y, Vector128<float>.One);

    public static Vector256<float> Invoke(Vector256<float> y, Vector256<float> d) =>
        d * Vector256.FusedMultiplyAdd(-y, y, Vector256<float>.One);

    public static Vector512<float> Invoke(Vector512<float> y, Vector512<float> d) =>
        d * Vector512.FusedMultiplyAdd(-y, y, Vector512<float>.One);
}
