namespace DiyNet.Kernels;

/// <summary>Which implementation <see cref="Gemm.Multiply"/> runs on.</summary>
public enum GemmProvider
{
    /// <summary>The library's own packed, cache-blocked kernel (the default; no native dependency).</summary>
    Managed,

    /// <summary>
    /// <c>cblas_sgemm</c> from the system's OpenBLAS (<c>libopenblas.so.0</c>, Debian package <c>libopenblas0</c>).
    /// </summary>
    OpenBlas,
}
