namespace DiyNet.Cluster;

/// <summary>
/// Where <see cref="GrainShardWorkers"/> activates its worker grains: worker w on silo w mod S of the S active silos,
/// taken in a fixed order (by address), so N workers use min(N, S) machines and no silo holds two workers before every
/// silo holds one. The choice travels as an Orleans placement hint, as <see cref="TrialPlacement"/>'s does for trials.
/// Which silo computes a shard never changes the result (the weights come with every call, and the gradients are
/// summed in a fixed tree).
/// </summary>
internal static class ShardPlacement
{
    /// <summary>The silo of each of <paramref name="workers"/> workers; all null when no silo is known (Orleans places them).</summary>
    /// <param name="active">The active silos, in any order.</param>
    /// <param name="workers">Number of workers (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">workers is negative.</exception>
    public static SiloAddress?[] Assign(IEnumerable<SiloAddress> active, int workers)
    {
        ArgumentNullException.ThrowIfNull(active);
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        var silos = active.Distinct().OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
        var placed = new SiloAddress?[workers];
        if (silos.Length == 0) return placed;
        for (int w = 0; w < workers; w++) placed[w] = silos[w % silos.Length];
        return placed;
    }
}
