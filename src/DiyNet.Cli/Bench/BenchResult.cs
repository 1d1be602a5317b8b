namespace DiyNet.Cli.Bench;

/// <summary>The timings of one workload: seconds per run (after the warm-up), in the order measured.</summary>
internal sealed record BenchResult(BenchWorkload Workload, double[] Seconds, long AllocatedBytesPerRun)
{
    /// <summary>The median of <see cref="Seconds"/>.</summary>
    public double Median
    {
        get
        {
            var s = Seconds.Order().ToArray();
            return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
        }
    }

    /// <summary>Microseconds per optimizer step (or forward call) at the median.</summary>
    public double MicrosecondsPerStep => 1e6 * Median / Workload.StepsPerRun;

    /// <summary>Examples per second at the median.</summary>
    public double ExamplesPerSecond => (double)Workload.Examples * Workload.Epochs / Median;
}
