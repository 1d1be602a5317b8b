using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

/// <summary>(x, δ) ↦ δ·[x &gt; 0].</summary>
internal readonly struct ReluGradientOperator : IBinaryOperator
{
    public static float Invoke(float x, float d) => x > 0f ? d : 0f;

    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> d) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), d, Vector128<float>.Zero);

    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> d) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), d, Vector256<float>.Zero);

    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> d) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), d, Vector512<float>.Zero);
}
