namespace DiyNet.Cluster;

/// <summary>
/// The trials a silo trains at once (default: its processor count). Each runs on a dedicated thread, outside the
/// grain scheduler, so that long trainings never hold Orleans' threads; the others wait for a free slot.
/// </summary>
public sealed class TrialSlots
{
    private readonly SemaphoreSlim _gate;
    private readonly Func<TrialRequest, Task>? _starting;

    /// <summary>Creates the slots.</summary>
    /// <param name="count">Trials trained at once (≥ 1).</param>
    /// <param name="starting">
    /// Awaited in a trial's slot before it trains (default: nothing). The fault tests hold a trial here to kill its silo
    /// while the trial is certainly running.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">count is below 1.</exception>
    public TrialSlots(int count, Func<TrialRequest, Task>? starting = null)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "TrialSlots: a silo needs at least one slot.");
        Count = count;
        _gate = new SemaphoreSlim(count, count);
        _starting = starting;
    }

    /// <summary>Number of slots.</summary>
    public int Count { get; }

    /// <summary>Runs the trial when a slot is free, on its own thread.</summary>
    public Task<TrialResult> Run(TrialRequest request) => Task.Run(async () =>
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_starting is not null) await _starting(request).ConfigureAwait(false);
            return await Task.Factory.StartNew(() => TrialRunner.Run(request), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    });
}
