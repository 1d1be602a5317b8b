namespace DiyNet.Benchmarks;

/// <summary>The matrix-multiply implementations compared by <see cref="GemmBenchmarks"/>.</summary>
public enum GemmImplementation
{
    /// <summary>The managed packed kernel (the default provider).</summary>
    Managed,

    /// <summary>OpenBLAS's cblas_sgemm through the native provider.</summary>
    OpenBlas,
}
