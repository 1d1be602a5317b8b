namespace DiyNet.Cli.Bench;

/// <summary>
/// Seconds per <c>n × n × n</c> product for each provider measured (OpenBLAS absent when it cannot be loaded), and the
/// process's processor seconds per managed product (a busy machine inflates them much less than the wall clock).
/// </summary>
internal sealed record GemmBenchResult(int Size, double[] ManagedSeconds, double[] ManagedProcessorSeconds, double[]? OpenBlasSeconds)
{
    /// <summary>GFLOP/s of the managed kernel at its median time.</summary>
    public double ManagedGflops => Gflops(ManagedSeconds);

    /// <summary>GFLOP/s of the managed kernel per processor second (all threads) at the median.</summary>
    public double ManagedProcessorGflops => Gflops(ManagedProcessorSeconds);

    /// <summary>GFLOP/s of OpenBLAS at its median time, or NaN.</summary>
    public double OpenBlasGflops => OpenBlasSeconds is null ? double.NaN : Gflops(OpenBlasSeconds);

    private double Gflops(double[] seconds) => 2.0 * Size * Size * Size / BenchResult.MedianOf(seconds) / 1e9;
}
