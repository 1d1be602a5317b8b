using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

/// <summary>((x − y·b) − a)·s: batch normalization's input gradient, x = δ, y = x̂.</summary>
internal readonly struct BatchNormGradientChannelOperator : IChannelRowOperator
{
    public static float Invoke(float x, float y, float a, float b, float s) => (x - y * b - a) * s;

    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> a, Vector256<float> b, Vector256<float> s) => (x - y * b - a) * s;
}
