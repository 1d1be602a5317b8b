namespace DiyNet.Cluster;

/// <summary>A data-parallel step as it travels to a worker grain: the spec (the worker builds its replica and loads its data from it once), the weights, the batch and the worker's shards.</summary>
/// <param name="RunSpec">The spec: a <see cref="TrainSpec"/> as JSON, or what the <see cref="IShardSource"/> of <paramref name="Kind"/> reads.</param>
/// <param name="Step">The step (0-based).</param>
/// <param name="Weights">Every parameter, concatenated.</param>
/// <param name="Batch">Row indices of the batch in the training data.</param>
/// <param name="ShardSize">Examples per shard.</param>
/// <param name="First">The worker's first shard.</param>
/// <param name="End">One past its last shard.</param>
/// <param name="Kind">The kind of <paramref name="RunSpec"/> (<see cref="IShardSource.RunSpecKind"/>, or a source's <see cref="IShardSource.Kind"/>).</param>
[GenerateSerializer, Immutable]
public sealed record ShardCall(
    [property: Id(0)] string RunSpec,
    [property: Id(1)] long Step,
    [property: Id(2)] float[] Weights,
    [property: Id(3)] int[] Batch,
    [property: Id(4)] int ShardSize,
    [property: Id(5)] int First,
    [property: Id(6)] int End,
    [property: Id(7)] string Kind = IShardSource.RunSpecKind);
