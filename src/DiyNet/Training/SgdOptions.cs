using DiyNet.Data;
using DiyNet.Optimization;
using DiyNet.Tensors;

namespace DiyNet.Training;

/// <summary>Settings of the mini-batch loop <see cref="Sgd.Train"/>.</summary>
public sealed record SgdOptions
{
    /// <summary>Examples per step (the last batch of an epoch may be smaller).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Maximum number of epochs.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>The gradient step.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Momentum of the optimizer (0: plain SGD, as in the course); only for <see cref="OptimizerKind.Sgd"/>.</summary>
    public float Momentum { get; init; }

    /// <summary>The update rule (default: SGD, with <see cref="Momentum"/>).</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>Adam's decay of the first moment estimate β₁.</summary>
    public float AdamBeta1 { get; init; } = 0.9f;

    /// <summary>Adam's decay of the second moment estimate β₂.</summary>
    public float AdamBeta2 { get; init; } = 0.999f;

    /// <summary>Adam's δ added to the root of the second moment.</summary>
    public float AdamEpsilon { get; init; } = 1e-8f;

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
