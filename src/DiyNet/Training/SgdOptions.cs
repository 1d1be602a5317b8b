namespace DiyNet;

/// <summary>Settings of the mini-batch loop <see cref="Sgd.Train"/>.</summary>
public sealed record SgdOptions
{
    /// <summary>Examples per step (the last batch of an epoch may be smaller).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Maximum number of epochs.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>The gradient step.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Momentum of the optimizer (0: plain SGD, as in the course).</summary>
    public float Momentum { get; init; }

    /// <summary>
    /// Early stop: training ends when the epoch's train loss improves on the previous one by less than this
    /// (the reports' <c>eps</c>); null trains for all <see cref="Epochs"/>.
    /// </summary>
    public float? EarlyStopDelta { get; init; }

    /// <summary>Reshuffle the examples at every epoch.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the shuffling.</summary>
    public int Seed { get; init; }

    /// <summary>Optional validation inputs (evaluated after each epoch).</summary>
    public Tensor? ValidationX { get; init; }

    /// <summary>Optional validation targets, one row per row of <see cref="ValidationX"/>.</summary>
    public Tensor? ValidationY { get; init; }

    /// <summary>Called after each epoch (progress display).</summary>
    public Action<EpochRecord>? OnEpoch { get; init; }

    /// <summary>Multiplies the learning rate by this factor after each epoch (1: constant).</summary>
    public float LearningRateDecay { get; init; } = 1f;
}
