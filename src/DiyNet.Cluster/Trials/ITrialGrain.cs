namespace DiyNet.Cluster;

/// <summary>
/// A trial as a unit of work any silo can take, keyed by <c>sweep/index</c>. <see cref="Run"/> is idempotent: the first
/// call starts the trial on the silo where the grain lives, later calls report on it. When that silo dies, the next
/// call activates the grain on a live silo, which starts the trial again — trials are deterministic, so nothing changes.
/// </summary>
public interface ITrialGrain : IGrainWithStringKey
{
    /// <summary>Starts the trial if it is not running here; returns this silo and, once finished, the result.</summary>
    Task<TrialPoll> Run(TrialRequest request);
}
