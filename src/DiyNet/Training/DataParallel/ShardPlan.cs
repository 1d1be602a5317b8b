namespace DiyNet.Training;

/// <summary>
/// A mini-batch cut into fixed shards, and the fixed binary tree in which the shards' gradients are summed. The
/// shards depend only on the batch size and the shard size — never on how many workers compute them — so a batch
/// gives bit-identical summed gradients whatever the number of workers: a worker that owns a block of shards sends the
/// sums of the tree nodes that cover its block (<see cref="Cover"/>), and the coordinator completes the same tree.
/// </summary>
/// <remarks>
/// Floating-point addition is not associative: one matrix multiply over the whole batch, or shard sums added in the
/// order the workers answer, would give last-bit differences. Here every sum has one order: shard s holds rows
/// <c>[s·ShardSize, min((s + 1)·ShardSize, BatchSize))</c>, and node <c>[a, b)</c> is node <c>[a, m)</c> plus node
/// <c>[m, b)</c> with <c>m = a + (b − a)/2</c>.
/// </remarks>
public sealed class ShardPlan
{
    /// <summary>Creates the plan of a batch.</summary>
    /// <param name="batchSize">Examples in the batch (≥ 1).</param>
    /// <param name="shardSize">Examples per shard (≥ 1); the last shard may be smaller.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public ShardPlan(int batchSize, int shardSize)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "ShardPlan: the batch size must be at least 1.");
        if (shardSize < 1) throw new ArgumentOutOfRangeException(nameof(shardSize), shardSize, "ShardPlan: the shard size must be at least 1.");
        BatchSize = batchSize;
        ShardSize = shardSize;
        ShardCount = (batchSize + shardSize - 1) / shardSize;
    }

    /// <summary>Examples in the batch.</summary>
    public int BatchSize { get; }

    /// <summary>Examples per shard (the last one may hold fewer).</summary>
    public int ShardSize { get; }

    /// <summary>Number of shards.</summary>
    public int ShardCount { get; }

    /// <summary>The root of the tree: every shard.</summary>
    public ShardRange Root => new(0, ShardCount);

    /// <summary>The rows of shard <paramref name="index"/> in the batch.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such shard.</exception>
    public (int Start, int Count) Shard(int index)
    {
        if ((uint)index >= (uint)ShardCount) throw new ArgumentOutOfRangeException(nameof(index), index, $"ShardPlan: shard index must be in 0..{ShardCount - 1}.");
        int start = index * ShardSize;
        return (start, Math.Min(ShardSize, BatchSize - start));
    }

    /// <summary>
    /// The shards of worker <paramref name="worker"/> out of <paramref name="workers"/>: contiguous blocks, as equal as
    /// possible (a worker gets none when there are more workers than shards).
    /// </summary>
    public ShardRange WorkerShards(int worker, int workers)
    {
        if (workers < 1) throw new ArgumentOutOfRangeException(nameof(workers), workers, "ShardPlan: at least one worker.");
        if ((uint)worker >= (uint)workers) throw new ArgumentOutOfRangeException(nameof(worker), worker, $"ShardPlan: worker must be in 0..{workers - 1}.");
        return new((int)((long)worker * ShardCount / workers), (int)((long)(worker + 1) * ShardCount / workers));
    }

    /// <summary>
    /// The fewest tree nodes whose shards are exactly <paramref name="block"/>, left to right: what a worker that owns
    /// the block sends (one node when the block is a subtree, as for a power-of-two shard count split over a power of
    /// two of workers).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The block is empty or outside the batch.</exception>
    public IReadOnlyList<ShardRange> Cover(ShardRange block)
    {
        if (block.First < 0 || block.End > ShardCount || block.Count < 1)
            throw new ArgumentOutOfRangeException(nameof(block), block, $"ShardPlan: a block of shards within [0, {ShardCount}) is needed.");
        var nodes = new List<ShardRange>();
        CoverInto(Root, block, nodes);
        return nodes;
    }

    private static void CoverInto(ShardRange node, ShardRange block, List<ShardRange> nodes)
    {
        if (node.End <= block.First || node.First >= block.End) return;
        if (block.First <= node.First && node.End <= block.End)
        {
            nodes.Add(node);
            return;
        }
        CoverInto(node.Left, block, nodes);
        CoverInto(node.Right, block, nodes);
    }

    /// <summary>E.g. <c>ShardPlan(batch 64, 8 shards of 8)</c>.</summary>
    public override string ToString() => $"ShardPlan(batch {BatchSize}, {ShardCount} shards of {ShardSize})";
}
