namespace DiyNet.Cluster;

/// <summary>
/// A data-parallel worker, keyed by <c>job/worker</c>: a replica of the network and a copy of the training data, built
/// from the run spec on the first call. Every call carries the weights, so any activation — a fresh one on another
/// silo after a failure included — computes the same gradients.
/// </summary>
public interface IShardGrain : IGrainWithStringKey
{
    /// <summary>The gradient sums of the call's shards.</summary>
    Task<ShardAnswer> Compute(ShardCall call);
}
