using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using System.Diagnostics;

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
    /// <exception cref="ArgumentException">The options are invalid, there are no examples, or the network draws dropout masks
    /// or keeps batch-normalization statistics (the replicas would each draw or keep their own).</exception>
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
        CheckReplicable(net);

        var optim = new Optim(net, loss, options.LearningRate, options.Rule);
        var gradient = new ShardedGradient(net, workers, options.ShardSize);
        var order = new int[exampleCount];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var random = new Random(options.Seed);
        var history = new TrainingHistory();
        var clock = Stopwatch.StartNew();
        var stepClock = new Stopwatch();
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            if (options.Shuffle) random.Permutation(order);
            double epochLoss = 0;
            for (int start = 0; start < exampleCount; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                stepClock.Start();
                int[] batch = order.AsSpan(start, Math.Min(options.BatchSize, exampleCount - start)).ToArray();
                double lossSum = await gradient.ComputeAsync(batch, cancellationToken).ConfigureAwait(false);
                float mean = (float)(lossSum / batch.Length);
                if (!float.IsFinite(mean))
                {
                    net.ZeroGrad();
                    throw new TrainingDivergedException($"DataParallelTrainer: the loss is {mean} at step {gradient.Steps} (learning rate {optim.LearningRate}); the weights were left unchanged. Lower the learning rate or scale the inputs.");
                }
                optim.Update();
                epochLoss += lossSum;
                stepClock.Stop();
            }
            var record = new EpochRecord(epoch, (float)(epochLoss / exampleCount), null, null, clock.Elapsed.TotalSeconds);
            history.Add(record);
            options.OnEpoch?.Invoke(record);
            cancellationToken.ThrowIfCancellationRequested();
        }
        var stats = new DataParallelStats(gradient.Steps, gradient.UsedWorkers, checked((int)net.ParameterCount), gradient.BytesToWorkers, gradient.BytesFromWorkers,
            stepClock.Elapsed.TotalSeconds);
        return new DataParallelRun(history, stats);
    }

    /// <summary>
    /// Refuses what the workers' replicas cannot reproduce: dropout (each replica would draw its own masks, so the
    /// weights would depend on which worker computed which shard) and batch normalization (its running statistics would
    /// stay in the replicas: only the weights travel).
    /// </summary>
    private static void CheckReplicable(Module net)
    {
        if (net.NamedRandomStreams() is [var (name, _), ..])
            throw new ArgumentException($"DataParallelTrainer: module {(name.Length == 0 ? "0" : name)} of the network draws random masks (dropout); " +
                                        "each worker's replica would draw its own. Use a model without dropout for data-parallel training.", nameof(net));
        if (FirstNormalization(net) is { } norm)
            throw new ArgumentException($"DataParallelTrainer: the network's {norm.GetType().Name} keeps running statistics, which would stay in the " +
                                        "workers' replicas (only the weights travel). Use a model without batch normalization for data-parallel training.", nameof(net));
    }

    private static BatchNormalization? FirstNormalization(Module m) =>
        m as BatchNormalization ?? m.Children.Select(FirstNormalization).FirstOrDefault(n => n is not null);
}
