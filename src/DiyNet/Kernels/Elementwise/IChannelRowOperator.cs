using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

/// <summary>
/// An elementwise function of a row-major value x[i, j], an optional second row value y[i, j] and up to three
/// per-channel values a[j], b[j], s[j], for <see cref="ChannelRows"/>; the vector form must give the scalar form's
/// result lane by lane (the same operations in the same order, never fused).
/// </summary>
internal interface IChannelRowOperator
{
    /// <summary>f(x, y, a, b, s) for one element.</summary>
    static abstract float Invoke(float x, float y, float a, float b, float s);

    /// <summary>f(x, y, a, b, s) lane by lane.</summary>
    static abstract Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> a, Vector256<float> b, Vector256<float> s);
}
