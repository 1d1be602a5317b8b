using Orleans.Placement;

namespace DiyNet.Cluster;

/// <summary>
/// The grain behind <see cref="ITrialGrain"/>, trained in the silo's <see cref="TrialSlots"/>: placed on the silo that the
/// caller names in its placement hint (<see cref="SweepRunner"/> names the least busy one), on a random silo otherwise.
/// </summary>
[RandomPlacement]
internal sealed class TrialGrain(TrialSlots slots, ILocalSiloDetails silo) : Grain, ITrialGrain
{
    private Task<TrialResult>? _running;

    public Task<TrialPoll> Run(TrialRequest request)
    {
        _running ??= slots.Run(request);
        if (!_running.IsCompleted) return Task.FromResult(new TrialPoll(silo.SiloAddress, null));
        DeactivateOnIdle();
        if (_running.IsFaulted)
        {
            var e = _running.Exception!.GetBaseException();
            return Task.FromResult(new TrialPoll(silo.SiloAddress, new TrialResult(request.Index, [.. Enumerable.Repeat(double.NaN, request.Folds)],
                $"{e.GetType().Name}: {e.Message}", $"{Environment.MachineName}/{Environment.ProcessId}", 0)));
        }
        return Task.FromResult(new TrialPoll(silo.SiloAddress, _running.Result));
    }
}
