namespace DiyNet.Cluster;

/// <summary>Settings of <see cref="SweepRunner"/>.</summary>
public sealed record SweepRunnerOptions
{
    /// <summary>Trials handed out at once per active silo (default: this machine's processor count, assumed for every silo).</summary>
    public int SlotsPerSilo { get; init; } = Environment.ProcessorCount;

    /// <summary>How often a running trial is asked for its result.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A trial whose grain cannot be reached for this long in a row is recorded as failed (its silos keep dying).</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Retrain the best trial on the whole training part and write it to <c>best/</c>.</summary>
    public bool TrainBest { get; init; } = true;
}
