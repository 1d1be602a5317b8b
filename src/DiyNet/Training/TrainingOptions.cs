using DiyNet.Data;
using DiyNet.Optimization;
using DiyNet.Tensors;

namespace DiyNet.Training;

/// <summary>Settings of the mini-batch loop <see cref="Trainer.Train"/>.</summary>
public sealed record TrainingOptions
{
    /// <summary>Examples per step (the last batch of an epoch may be smaller).</summary>
    public int BatchSize
    {
        get;
        init
        {
            if (!(value > 0)) throw new ArgumentOutOfRangeException(nameof(BatchSize), value, "TrainingOptions.BatchSize must be positive.");
            field = value;
        }
    } = 32;

    /// <summary>Maximum number of epochs.</summary>
    public int Epochs
    {
        get;
        init
        {
            if (!(value >= 0)) throw new ArgumentOutOfRangeException(nameof(Epochs), value, "TrainingOptions.Epochs must be ≥ 0.");
            field = value;
        }
    } = 100;

    /// <summary>The initial step size of the update rule.</summary>
    public float LearningRate
    {
        get;
        init
        {
            if (!(value > 0f && float.IsFinite(value))) throw new ArgumentOutOfRangeException(nameof(LearningRate), value, "TrainingOptions.LearningRate must be positive and finite.");
            field = value;
        }
    } = 1e-3f;

    /// <summary>
    /// The update rule (default: the course's plain gradient descent), e.g. <c>UpdateRules.Momentum(0.9f)</c>,
    /// <c>UpdateRules.Adam()</c>, <c>UpdateRules.AdamW(weightDecay: 0.05f)</c>.
    /// </summary>
    public UpdateRuleFactory Rule
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Rule), "TrainingOptions.Rule must not be null.");
    } = UpdateRules.Sgd();

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
    public float? EarlyStopDelta
    {
        get;
        init
        {
            if (!(value is null || float.IsFinite(value.Value))) throw new ArgumentOutOfRangeException(nameof(EarlyStopDelta), value, "TrainingOptions.EarlyStopDelta must be finite (or null: no early stop).");
            field = value;
        }
    }

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

    /// <summary>Multiplies the learning rate by this factor after each epoch (1: constant); not with a <see cref="Schedule"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The factor is 0, negative or not finite.</exception>
    public float LearningRateDecay
    {
        get;
        init
        {
            if (!(value > 0f && float.IsFinite(value))) throw new ArgumentOutOfRangeException(nameof(LearningRateDecay), value, "TrainingOptions.LearningRateDecay (the factor applied to the learning rate after each epoch) must be positive and finite.");
            field = value;
        }
    } = 1f;

    /// <summary>
    /// Divergence: when the epoch's train loss stays above this multiple of the first step's loss for
    /// <see cref="DivergencePatience"/> epochs in a row, training warns (<see cref="TrainingHistory.Warnings"/>,
    /// <see cref="OnWarning"/>) — or stops with a <see cref="TrainingDivergedException"/> when
    /// <see cref="StopOnDivergence"/> is set. A loss that grows tenfold is not learning: the step is too large or the
    /// inputs unscaled.
    /// </summary>
    public float DivergenceFactor
    {
        get;
        init
        {
            if (!(value > 1f)) throw new ArgumentOutOfRangeException(nameof(DivergenceFactor), value, "TrainingOptions.DivergenceFactor must be greater than 1.");
            field = value;
        }
    } = 10f;

    /// <summary>Consecutive epochs above <see cref="DivergenceFactor"/> × the first loss before the divergence warning.</summary>
    public int DivergencePatience
    {
        get;
        init
        {
            if (!(value >= 1)) throw new ArgumentOutOfRangeException(nameof(DivergencePatience), value, "TrainingOptions.DivergencePatience must be at least 1.");
            field = value;
        }
    } = 3;

    /// <summary>Turns the divergence warning into a <see cref="TrainingDivergedException"/> (training stops).</summary>
    public bool StopOnDivergence { get; init; }

    /// <summary>
    /// Receives the warnings of the run (divergence); when null they are written to the standard error, so that
    /// none goes unseen. They are also kept in <see cref="TrainingHistory.Warnings"/>.
    /// </summary>
    public Action<string>? OnWarning { get; init; }

    /// <summary>
    /// A learning-rate schedule (null: constant, or <see cref="LearningRateDecay"/>), started at <see cref="LearningRate"/>
    /// and stepped every <see cref="ScheduleInterval"/>; <see cref="ReduceOnPlateau"/> watches the validation loss when
    /// there is validation data, the training loss otherwise.
    /// </summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>When the <see cref="Schedule"/> steps: after every epoch (default) or every batch.</summary>
    public ScheduleInterval ScheduleInterval { get; init; } = ScheduleInterval.Epoch;

    /// <summary>Optional gradient clipping before each update (<see cref="ClipGradientNorm"/>, <see cref="ClipGradientValue"/>).</summary>
    public GradientClipping? Clipping { get; init; }

    /// <summary>Optional early stopping on a validation measure, with the best weights restored (needs validation data).</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>
    /// Where to write checkpoints (null: none): the model, the update rule's state, the epoch, the learning rate, the
    /// history and what the batch order needs to continue, in one safetensors file written atomically every
    /// <see cref="CheckpointInterval"/> epochs and after the last one. <see cref="ResumeFrom"/> continues from it.
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Epochs between two checkpoints (default 1: after every epoch).</summary>
    public int CheckpointInterval
    {
        get;
        init
        {
            if (!(value >= 1)) throw new ArgumentOutOfRangeException(nameof(CheckpointInterval), value, "TrainingOptions.CheckpointInterval must be at least 1.");
            field = value;
        }
    } = 1;

    /// <summary>
    /// A checkpoint to continue from (null: start afresh): the network's weights, the rule's state, the learning rate
    /// and the history are restored, the batch order is replayed to where it was, and training goes on from the next
    /// epoch up to <see cref="Epochs"/> — ending bit-identical to a run that was never interrupted, given the same data
    /// and options. (A network with its own randomness, such as Dropout, draws anew after a resume.)
    /// </summary>
    public string? ResumeFrom { get; init; }
}
