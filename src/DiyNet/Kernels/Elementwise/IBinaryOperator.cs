using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

/// <summary>
/// An elementwise function of two floats, at every vector width, for <see cref="Elementwise.Map{TOperator}"/>.
/// Every width must give the same result as the scalar form, lane by lane.
/// </summary>
internal interface IBinaryOperator
{
    /// <summary>f(x, y) for one element.</summary>
    static abstract float Invoke(float x, float y);

    /// <summary>f(x, y) lane by lane.</summary>
    static abstract Vector128<float> Invoke(Vector128<float> x, Vector128<float> y);

    /// <summary>f(x, y) lane by lane.</summary>
    static abstract Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);

    /// <summary>f(x, y) lane by lane.</summary>
    static abstract Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);
}
