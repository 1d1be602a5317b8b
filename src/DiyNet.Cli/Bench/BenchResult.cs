namespace DiyNet.Cli.Bench;

/// <summary>
/// The timings of one workload: seconds per run (after the warm-up), in the order measured; the processor time of
/// the process during each run (all its threads: on a busy machine it grows much less than the wall time, so
/// single-thread comparisons made there read it instead); the bytes allocated
/// per run; the floating-point operations per example (<see cref="BenchRunner.FlopsPerExample"/>); the peak resident
/// set of the process while the workload ran (data, network and runtime; 0 where the system does not say).
/// </summary>
internal sealed record BenchResult(BenchWorkload Workload, double[] Seconds, double[] ProcessorSeconds, long AllocatedBytesPerRun, long FlopsPerExample, long PeakResidentBytes)
{
    /// <summary>Achieved GFLOP/s at the median (the anchors' FLOP model).</summary>
    public double Gflops => FlopsPerExample * (double)Workload.Examples * Workload.Epochs / Median / 1e9;

    /// <summary>The median of <see cref="Seconds"/>.</summary>
    public double Median => MedianOf(Seconds);

    /// <summary>The median of <see cref="ProcessorSeconds"/>.</summary>
    public double ProcessorMedian => MedianOf(ProcessorSeconds);

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    internal static double MedianOf(double[] values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    /// <summary>Microseconds per optimizer step (or forward call) at the median.</summary>
    public double MicrosecondsPerStep => 1e6 * Median / Workload.StepsPerRun;

    /// <summary>Examples per second at the median.</summary>
    public double ExamplesPerSecond => (double)Workload.Examples * Workload.Epochs / Median;
}
