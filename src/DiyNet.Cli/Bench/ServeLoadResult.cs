namespace DiyNet.Cli.Bench;

/// <summary>
/// What a load run against <c>diynet serve</c> measured: the requests sent, those that failed (not 200, or no
/// answer) and those whose answer the check refused, the wall-clock time, and every request's latency (sorted).
/// </summary>
internal sealed record ServeLoadResult(int Requests, int Clients, int Errors, int Mismatches, double Seconds, double[] LatenciesMs, string? FirstProblem)
{
    /// <summary>Requests answered per second, over the whole run.</summary>
    public double Throughput => Requests / Seconds;

    /// <summary>The latency at quantile <paramref name="q"/> (0.5: median, 0.99: 99th percentile), in milliseconds (nearest rank).</summary>
    public double Percentile(double q)
    {
        if (LatenciesMs.Length == 0) return double.NaN;
        int rank = (int)Math.Ceiling(q * LatenciesMs.Length) - 1;
        return LatenciesMs[Math.Clamp(rank, 0, LatenciesMs.Length - 1)];
    }
}
