namespace DiyNet.Cluster;

/// <summary>
/// Where <see cref="SweepRunner"/> starts each trial: on the active silo to which it has handed the fewest trials still
/// unfinished (ties broken at random). Trials are CPU-bound and last seconds to hours, so the driver spreads them itself
/// instead of leaving it to Orleans' statistics-based placement, which places everything on the gateway silo until the
/// silos' load statistics have been exchanged and refuses every silo whose processor is busy, as a training silo's is.
/// </summary>
internal sealed class TrialPlacement
{
    private readonly object _sync = new();
    private readonly Dictionary<SiloAddress, int> _load = [];
    private readonly Random _random = new();
    private HashSet<SiloAddress> _active = [];

    /// <summary>Replaces the set of active silos (a silo that left keeps no trials; a new one starts with none).</summary>
    public void SetActive(IEnumerable<SiloAddress> silos)
    {
        lock (_sync) _active = [.. silos];
    }

    /// <summary>
    /// Picks the active silo with the fewest trials handed out and counts one more trial there; avoids
    /// <paramref name="avoid"/> (the silo that just failed) while another is active; null when no silo is known yet.
    /// </summary>
    public SiloAddress? Take(SiloAddress? avoid = null)
    {
        lock (_sync)
        {
            var candidates = _active.Where(s => !s.Equals(avoid)).ToList();
            if (candidates.Count == 0) candidates = [.. _active];
            if (candidates.Count == 0) return null;
            int least = candidates.Min(Load);
            var best = candidates.Where(s => Load(s) == least).ToList();
            var chosen = best[_random.Next(best.Count)];
            _load[chosen] = least + 1;
            return chosen;
        }
    }

    /// <summary>Counts one trial fewer on <paramref name="silo"/> (finished, or its silo failed).</summary>
    public void Release(SiloAddress silo)
    {
        lock (_sync)
            if (_load.TryGetValue(silo, out int n)) _load[silo] = Math.Max(0, n - 1);
    }

    private int Load(SiloAddress silo) => _load.GetValueOrDefault(silo);
}
