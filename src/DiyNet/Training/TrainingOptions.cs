using DiyNet.Data;
using DiyNet.Optimization;
using DiyNet.Tensors;

namespace DiyNet.Training;

/// <summary>Settings of the mini-batch loop <see cref="Trainer.Train"/>.</summary>
public sealed record TrainingOptions
{
    /// <summary>Examples per step (the last batch of an epoch may be smaller).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Maximum number of epochs.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>The initial step size of the update rule.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>
    /// The update rule (default: the course's plain gradient descent), e.g. <c>UpdateRules.Momentum(0.9f)</c>,
    /// <c>UpdateRules.Adam()</c>, <c>UpdateRules.AdamW(weightDecay: 0.05f)</c>.
    /// </summary>
    public UpdateRuleFactory Rule { get; init; } = UpdateRules.Sgd();

    /// <summary>
    /// Optional per-batch hook <c>(x, y, random)</c>, called on each gathered batch before its step: online data
    /// augmentation or input corruption (e.g. <see cref="Augmentation.RandomAffine"/>, <see cref="Augmentation.Mask"/>).
    /// x and y are the iterator's batch buffers — copies of the training rows — so the hook may modify them in place;
    /// the training data is never touched. <c>random</c> is seeded from <see cref="Seed"/> (independently of the
    /// shuffling), so runs stay deterministic.
    /// </summary>
    public Action<Tensor, Tensor, Random>? BatchTransform { get; init; }

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
