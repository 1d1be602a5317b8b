using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using System.Diagnostics;
using System.Numerics.Tensors;

namespace DiyNet.Training;

/// <summary>
/// Data-parallel mini-batch gradient descent: every batch is cut into the fixed shards of a <see cref="ShardPlan"/>,
/// the workers compute the gradients of their blocks of shards on replicas of the network, and the coordinator sums
/// them in the plan's fixed tree, applies the update rule to its own network and sends the new weights with the next
/// batch. The weights after training are bit-identical for any number of workers — 1 included — given the same
/// seed, batch size and shard size.
/// </summary>
/// <remarks>
/// Batches are drawn as in <see cref="Trainer.Train"/> (a permutation per epoch from <c>new Random(Seed)</c>).
/// The gradient of a batch is the same quantity as in <see cref="Trainer.Train"/> (the gradient of the batch-mean loss)
/// summed in a different order, so the two agree to rounding, not bit for bit. Modules whose output depends on the
/// whole batch (batch statistics) see shards, as in PyTorch's DistributedDataParallel without synchronized statistics.
/// </remarks>
public static class DataParallelTrainer
{
    /// <summary>Trains <paramref name="net"/> with the gradients computed by <paramref name="workers"/>.</summary>
    /// <param name="net">The coordinator's network: its weights are sent to the workers and updated after each batch.</param>
    /// <param name="loss">The loss (the workers hold their own).</param>
    /// <param name="exampleCount">Number of training examples the workers hold (the same rows on every worker).</param>
    /// <param name="options">Batch size, shard size, epochs, update rule, seed.</param>
    /// <param name="workers">The workers.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <exception cref="ArgumentException">The options are invalid or there are no examples.</exception>
    /// <exception cref="TrainingDivergedException">The loss or the gradient became NaN or infinite; the weights hold the last finite step.</exception>
    public static async Task<DataParallelRun> Train(Module net, Loss loss, int exampleCount, DataParallelOptions options, IShardWorkers workers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(workers);
        if (exampleCount < 1) throw new ArgumentException($"DataParallelTrainer: no training examples ({exampleCount}).", nameof(exampleCount));
        if (options.BatchSize < 1) throw new ArgumentException($"DataParallelTrainer: batch size must be positive, got {options.BatchSize}.", nameof(options));
        if (options.ShardSize < 1) throw new ArgumentException($"DataParallelTrainer: shard size must be positive, got {options.ShardSize}.", nameof(options));
        if (options.Epochs < 0) throw new ArgumentException($"DataParallelTrainer: epochs must be ≥ 0, got {options.Epochs}.", nameof(options));
        if (workers.Count < 1) throw new ArgumentException("DataParallelTrainer: no worker.", nameof(workers));

        var optim = new Optim(net, loss, options.LearningRate, options.Rule);
        var order = new int[exampleCount];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var random = new Random(options.Seed);
        var history = new TrainingHistory();
        var clock = Stopwatch.StartNew();
        var stepClock = new Stopwatch();
        long steps = 0, toWorkers = 0, fromWorkers = 0;
        int usedWorkers = 0;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            if (options.Shuffle) random.Permutation(order);
            double epochLoss = 0;
            for (int start = 0; start < exampleCount; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                stepClock.Start();
                int[] batch = order.AsSpan(start, Math.Min(options.BatchSize, exampleCount - start)).ToArray();
                var plan = new ShardPlan(batch.Length, options.ShardSize);
                float[] weights = ShardWorker.GetWeights(net);
                int active = Math.Min(workers.Count, plan.ShardCount);
                usedWorkers = Math.Max(usedWorkers, active);
                var answers = new Task<ShardResult>[active];
                for (int w = 0; w < active; w++)
                {
                    var request = new ShardRequest(steps, weights, batch, options.ShardSize, plan.WorkerShards(w, active));
                    toWorkers += (long)weights.Length * sizeof(float) + (long)batch.Length * sizeof(int);
                    answers[w] = workers.ComputeAsync(w, request, cancellationToken);
                }
                var results = await Task.WhenAll(answers).ConfigureAwait(false);
                double lossSum = 0;
                var sums = new Dictionary<ShardRange, float[]>();
                foreach (var r in results)
                {
                    fromWorkers += r.PayloadBytes;
                    foreach (double s in r.LossSums) lossSum += s;
                    for (int i = 0; i < r.Nodes.Length; i++) sums.Add(r.Nodes[i], r.Sums[i]);
                }
                float mean = (float)(lossSum / batch.Length);
                if (!float.IsFinite(mean))
                    throw new TrainingDivergedException($"DataParallelTrainer: the loss is {mean} at step {steps + 1} (learning rate {optim.LearningRate}); the weights were left unchanged. Lower the learning rate or scale the inputs.");
                SetGradients(net, Reduce(plan.Root, sums, plan));
                optim.Update();
                epochLoss += lossSum;
                steps++;
                stepClock.Stop();
            }
            var record = new EpochRecord(epoch, (float)(epochLoss / exampleCount), null, null, clock.Elapsed.TotalSeconds);
            history.Add(record);
            options.OnEpoch?.Invoke(record);
            cancellationToken.ThrowIfCancellationRequested();
        }
        var stats = new DataParallelStats(steps, usedWorkers, checked((int)net.ParameterCount), toWorkers, fromWorkers, stepClock.Elapsed.TotalSeconds);
        return new DataParallelRun(history, stats);
    }

    /// <summary>The sum of a node: a worker's answer when it sent that node, else the sum of its children's (left + right).</summary>
    private static float[] Reduce(ShardRange node, Dictionary<ShardRange, float[]> sums, ShardPlan plan)
    {
        if (sums.TryGetValue(node, out var sum)) return sum;
        if (node.IsLeaf) throw new InvalidOperationException($"DataParallelTrainer: no worker sent shard {node.First} of {plan}.");
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
