using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

/// <summary>(y, δ) ↦ (δ·y)·(1 − y).</summary>
internal readonly struct SigmoidGradientOperator : IBinaryOperator
{
    public static float Invoke(float y, float d) => d * y * (1f - y);

    public static Vector128<float> Invoke(Vector128<float> y, Vector128<float> d) => d * y * (Vector128<float>.One - y);

    public static Vector256<float> Invoke(Vector256<float> y, Vector256<float> d) => d * y * (Vector256<float>.One - y);

    public static Vector512<float> Invoke(Vector512<float> y, Vector512<float> d) => d * y * (Vector512<float>.One - y);
}
