namespace DiyNet.Training;

/// <summary>
/// The workers of a data-parallel training: each holds a replica of the network and the training data, and computes
/// the gradients of its shards (<see cref="ShardWorker.Compute"/>). In-process threads (<see cref="LocalShardWorkers"/>)
/// or remote processes behind the same contract.
/// </summary>
public interface IShardWorkers
{
    /// <summary>Number of workers.</summary>
    int Count { get; }

    /// <summary>Asks worker <paramref name="worker"/> for the gradients of its shards.</summary>
    Task<ShardResult> ComputeAsync(int worker, ShardRequest request, CancellationToken cancellationToken = default);
}
