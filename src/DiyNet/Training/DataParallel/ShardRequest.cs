namespace DiyNet.Training;

/// <summary>What a data-parallel worker is asked at one step: the weights, the batch and the shards that are its share.</summary>
/// <param name="Step">The step (0-based), for messages and logs.</param>
/// <param name="Weights">Every parameter, concatenated in <see cref="Modules.Module.Parameters"/> order.</param>
/// <param name="Batch">The batch: row indices into the worker's copy of the training data.</param>
/// <param name="ShardSize">Examples per shard (<see cref="ShardPlan.ShardSize"/>).</param>
/// <param name="Shards">The worker's block of shards.</param>
public sealed record ShardRequest(long Step, float[] Weights, int[] Batch, int ShardSize, ShardRange Shards);
