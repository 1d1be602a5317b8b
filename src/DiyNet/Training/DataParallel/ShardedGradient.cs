using DiyNet.Modules;
using System.Numerics.Tensors;

namespace DiyNet.Training;

/// <summary>
/// The gradient of one mini-batch computed by data-parallel workers: the batch is cut into the fixed shards of a
/// <see cref="ShardPlan"/>, each of the first min(workers, shards) workers gets the current weights, the batch's row
/// indices and its block of shards, and the answers are summed in the plan's fixed tree and written into the network's
/// parameter gradients (the caller then applies the update rule, <see cref="Optimization.Optim.Update"/>).
/// </summary>
/// <remarks>
/// g = Σ over the tree of the shards' gradients of the batch-mean loss, each shard s contributing
/// (|s| / |batch|) ∇ mean-loss(s): the gradient of the batch-mean loss, summed in an order fixed by the batch size and
/// the shard size alone, so the result is bit-identical for any number of workers.
/// </remarks>
public sealed class ShardedGradient
{
    private readonly Module _net;
    private readonly IShardWorkers _workers;

    /// <summary>Computes the gradients of <paramref name="net"/> with <paramref name="workers"/>.</summary>
    /// <param name="net">The coordinator's network: its weights go to the workers, its gradients receive the sum.</param>
    /// <param name="workers">The workers (each holds a replica and the same training rows).</param>
    /// <param name="shardSize">Examples per shard (≥ 1): fixes the summation order.</param>
    /// <exception cref="ArgumentException">No worker, or a shard size below 1.</exception>
    public ShardedGradient(Module net, IShardWorkers workers, int shardSize)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(workers);
        if (workers.Count < 1) throw new ArgumentException("ShardedGradient: no worker.", nameof(workers));
        if (shardSize < 1) throw new ArgumentException($"ShardedGradient: shard size must be positive, got {shardSize}.", nameof(shardSize));
        _net = net;
        _workers = workers;
        ShardSize = shardSize;
    }

    /// <summary>Examples per shard.</summary>
    public int ShardSize { get; }

    /// <summary>Batches computed so far (the step number the next request carries).</summary>
    public long Steps { get; private set; }

    /// <summary>Bytes sent to the workers so far: the weights and the batch's row indices, per worker asked.</summary>
    public long BytesToWorkers { get; private set; }

    /// <summary>Bytes received from the workers so far: their gradient sums and loss sums.</summary>
    public long BytesFromWorkers { get; private set; }

    /// <summary>The most workers one batch has used (a batch of k shards uses at most k).</summary>
    public int UsedWorkers { get; private set; }

    /// <summary>Asks the workers for the gradient of the batch <paramref name="batch"/> and writes it into the network's parameter gradients.</summary>
    /// <param name="batch">Row indices of the batch in the workers' training data.</param>
    /// <param name="cancellationToken">Passed to the workers.</param>
    /// <returns>The sum of the batch's per-example losses (divide by the batch size for the mean).</returns>
    /// <exception cref="ArgumentException">An empty batch.</exception>
    /// <exception cref="InvalidOperationException">The workers' answers do not cover the batch.</exception>
    public async Task<double> ComputeAsync(int[] batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Length == 0) throw new ArgumentException("ShardedGradient: an empty batch.", nameof(batch));
        var plan = new ShardPlan(batch.Length, ShardSize);
        float[] weights = ShardWorker.GetWeights(_net);
        int active = Math.Min(_workers.Count, plan.ShardCount);
        UsedWorkers = Math.Max(UsedWorkers, active);
        var answers = new Task<ShardResult>[active];
        for (int w = 0; w < active; w++)
        {
            var request = new ShardRequest(Steps, weights, batch, ShardSize, plan.WorkerShards(w, active));
            BytesToWorkers += (long)weights.Length * sizeof(float) + (long)batch.Length * sizeof(int);
            answers[w] = _workers.ComputeAsync(w, request, cancellationToken);
        }
        var results = await Task.WhenAll(answers).ConfigureAwait(false);
        double lossSum = 0;
        var sums = new Dictionary<ShardRange, float[]>();
        foreach (var r in results)
        {
            BytesFromWorkers += r.PayloadBytes;
            foreach (double s in r.LossSums) lossSum += s;
            for (int i = 0; i < r.Nodes.Length; i++) sums.Add(r.Nodes[i], r.Sums[i]);
        }
        SetGradients(_net, Reduce(plan.Root, sums, plan));
        Steps++;
        return lossSum;
    }

    /// <summary>The sum of a node: a worker's answer when it sent that node, else the sum of its children's (left + right).</summary>
    private static float[] Reduce(ShardRange node, Dictionary<ShardRange, float[]> sums, ShardPlan plan)
    {
        if (sums.TryGetValue(node, out var sum)) return sum;
        if (node.IsLeaf) throw new InvalidOperationException($"ShardedGradient: no worker sent shard {node.First} of {plan}.");
        float[] left = Reduce(node.Left, sums, plan), right = Reduce(node.Right, sums, plan);
        TensorPrimitives.Add(left, right, left);
        return left;
    }

    private static void SetGradients(Module net, float[] gradient)
    {
        int offset = 0;
        foreach (var p in net.Parameters)
        {
            gradient.AsSpan(offset, p.Gradient.Length).CopyTo(p.Gradient.Span);
            offset += p.Gradient.Length;
        }
    }
}
