using Orleans.Placement;

namespace DiyNet.Cluster;

/// <summary>The grain behind <see cref="ITrialGrain"/>: placed on the silo with the fewest activations, trained in the silo's <see cref="TrialSlots"/>.</summary>
[ActivationCountBasedPlacement]
internal sealed class TrialGrain(TrialSlots slots) : Grain, ITrialGrain
{
    private Task<TrialResult>? _running;

    public Task<TrialPoll> Run(TrialRequest request)
    {
        _running ??= slots.Run(request);
        if (!_running.IsCompleted) return Task.FromResult(new TrialPoll(RuntimeIdentity, null));
        DeactivateOnIdle();
        if (_running.IsFaulted)
        {
            var e = _running.Exception!.GetBaseException();
            return Task.FromResult(new TrialPoll(RuntimeIdentity, new TrialResult(request.Index, [.. Enumerable.Repeat(double.NaN, request.Folds)],
                $"{e.GetType().Name}: {e.Message}", $"{Environment.MachineName}/{Environment.ProcessId}", 0)));
        }
        return Task.FromResult(new TrialPoll(RuntimeIdentity, _running.Result));
    }
}
