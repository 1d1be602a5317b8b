using DiyNet.Optimization;

namespace DiyNet.Training;

/// <summary>Settings of <see cref="DataParallelTrainer.Train"/>: the mini-batch loop of <see cref="TrainingOptions"/> plus the shard size.</summary>
public sealed record DataParallelOptions
{
    /// <summary>Examples per step (the last batch of an epoch may be smaller).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Examples per shard: fixes the summation order of the gradients. Results depend on it, never on the number of workers.</summary>
    public int ShardSize { get; init; } = 8;

    /// <summary>Number of epochs.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>The gradient step.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>The update rule (default: plain gradient descent), e.g. <c>UpdateRules.Momentum(0.9f)</c>, <c>UpdateRules.Adam()</c>.</summary>
    public UpdateRuleFactory Rule { get; init; } = UpdateRules.Sgd();

    /// <summary>Reshuffle the examples at every epoch.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the shuffling.</summary>
    public int Seed { get; init; }

    /// <summary>Called after each epoch (progress display).</summary>
    public Action<EpochRecord>? OnEpoch { get; init; }
}
