namespace DiyNet.Cli.Training;

/// <summary>
/// Every setting of a <c>diynet train</c> run: written to <c>run.json</c> (with the DiyNet version and the data files'
/// SHA-256, enough to rerun it exactly) and read back by <c>--resume</c>.
/// </summary>
internal sealed record TrainSettings
{
    /// <summary>The model: a one-line spec, or a JSON or YAML file of the architecture.</summary>
    public required string Model { get; init; }

    public required DataRequest Data { get; init; }

    /// <summary>A separate validation source, or null.</summary>
    public DataRequest? Validation { get; init; }

    /// <summary>Fraction of the training data held out for validation when there is no separate source (0: none).</summary>
    public double ValidationSplit { get; init; } = 0.2;

    public ScalingKind Scale { get; init; } = ScalingKind.Auto;

    public int Epochs { get; init; } = 20;

    public int BatchSize { get; init; } = 32;

    public string Optimizer { get; init; } = "adam";

    /// <summary>The learning rate; null: the optimizer's usual default.</summary>
    public double? LearningRate { get; init; }

    public double Momentum { get; init; } = 0.9;

    public string Schedule { get; init; } = "none";

    /// <summary>Epochs without validation improvement before stopping (0: never stop early).</summary>
    public int Patience { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Kernel threads (null: DiyNet's default).</summary>
    public int? Threads { get; init; }

    public required string Out { get; init; }

    /// <summary>
    /// Data-parallel gradients: each batch's gradient is the sum, in a fixed binary tree, of the gradients of shards of
    /// this many examples (<see cref="DiyNet.Training.ShardedGradient"/>), so the weights are the same bit for bit
    /// whatever the number of workers computing the shards. Null: the whole batch at once (one matrix product).
    /// </summary>
    public int? ShardSize { get; init; }

    /// <summary>Write a checkpoint every this many epochs (and always on an interruption and at the end).</summary>
    public int CheckpointEvery { get; init; } = 1;
}
