using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

/// <summary>x − a.</summary>
internal readonly struct SubtractChannelOperator : IChannelRowOperator
{
    public static float Invoke(float x, float y, float a, float b, float s) => x - a;

    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> a, Vector256<float> b, Vector256<float> s) => x - a;
}
