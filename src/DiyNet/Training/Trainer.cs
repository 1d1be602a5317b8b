using DiyNet.Losses;
using DiyNet.Metrics;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using System.Diagnostics;

namespace DiyNet.Training;

/// <summary>
/// The reports' mini-batch training loop: shuffles (seeded), cuts the data into batches, runs an
/// <see cref="Optim"/> step on each with the update rule of the options (plain SGD by default), and stops after the
/// given epochs or when the loss stops improving. The network trains in training mode; validation runs in
/// evaluation mode. The same seed and the same initial weights give bit-identical weights.
/// </summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="net"/> on (x, y) and returns the per-epoch history.</summary>
    /// <param name="net">The network.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="x">Inputs, first axis = examples.</param>
    /// <param name="y">Targets, first axis = examples.</param>
    /// <param name="options">Batch size, epochs, learning rate and update rule, early stop, shuffling, seed, per-batch transform, validation data.</param>
    /// <exception cref="ArgumentException">x and y have different numbers of examples, or the options are invalid.</exception>
    /// <exception cref="NonFiniteException">x, y or the validation data hold a NaN or an infinity (checked before training).</exception>
    /// <exception cref="TrainingDivergedException">
    /// The loss became NaN or infinite (the weights hold the last finite step), or it diverged and
    /// <see cref="TrainingOptions.StopOnDivergence"/> is set.
    /// </exception>
    public static TrainingHistory Train(Module net, Loss loss, Tensor x, Tensor y, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int n = x.Dim(0);
        if (y.Dim(0) != n) throw new ArgumentException($"Trainer: x has {n} examples, y has {y.Dim(0)}.");
        if (n == 0) throw new ArgumentException("Trainer: no training examples.");
        if ((options.ValidationX is null) != (options.ValidationY is null))
            throw new ArgumentException("Trainer: give both ValidationX and ValidationY, or neither.");
        RequireFinite(x, y, options);

        if (options.Schedule is not null && options.LearningRateDecay != 1f)
            throw new ArgumentException($"Trainer: give a Schedule or a LearningRateDecay ({options.LearningRateDecay}), not both.");
        if (options.EarlyStopping is { } stopping)
        {
            if (options.ValidationX is null) throw new ArgumentException("Trainer: early stopping watches validation data; give ValidationX and ValidationY.");
            if (stopping.Patience < 1) throw new ArgumentException($"Trainer: early-stopping patience must be ≥ 1, got {stopping.Patience}.");
            if (!(stopping.MinDelta >= 0f)) throw new ArgumentException($"Trainer: early-stopping MinDelta must be ≥ 0, got {stopping.MinDelta}.");
            if (stopping.Monitor == MonitoredMetric.ValidationAccuracy && !Scores.IsClassTarget(options.ValidationY!))
                throw new ArgumentException("Trainer: early stopping on the validation accuracy needs class targets.");
        }

        var optim = new Optim(net, loss, options.LearningRate, options.Rule) { Clipping = options.Clipping };
        var schedule = options.Schedule;
        if (schedule is not null) optim.LearningRate = schedule.Start(options.LearningRate);
        bool perBatch = schedule is not null && options.ScheduleInterval == ScheduleInterval.Batch;
        var best = options.EarlyStopping is null ? null : new BestWeights(net, options.EarlyStopping);
        net.Train();
        var batches = new BatchIterator(x, y, options.BatchSize, options.Shuffle, new Random(options.Seed));
        var transformRandom = new Random(unchecked(options.Seed * 31 + 17));
        var history = new TrainingHistory();
        var clock = Stopwatch.StartNew();
        float previous = float.PositiveInfinity;
        var divergence = new DivergenceWatch(options);
        bool classTargets = options.ValidationY is not null && Scores.IsClassTarget(options.ValidationY);
        int first = 1;
        double secondsBefore = 0;
        if (options.ResumeFrom is not null)
        {
            var checkpoint = TrainingCheckpoint.Read(options.ResumeFrom);
            checkpoint.Restore(net, optim, options, schedule, best);
            foreach (var record in checkpoint.History) history.Add(record);
            previous = checkpoint.PreviousLoss;
            divergence.State = checkpoint.Divergence;
            secondsBefore = checkpoint.History.Count > 0 ? checkpoint.History[^1].Seconds : 0;
            first = checkpoint.Epoch + 1;
            // Replay the batch order (and the per-batch transform's draws) of the epochs already run.
            for (int epoch = 1; epoch < first; epoch++)
            {
                if (options.BatchTransform is null) batches.SkipEpoch();
                else foreach (var (bx, by) in batches.Epoch()) options.BatchTransform(bx, by, transformRandom);
            }
        }
        for (int epoch = first; epoch <= options.Epochs; epoch++)
        {
            float rate = optim.LearningRate;
            double sum = 0;
            int count = 0;
            foreach (var (bx, by) in batches.Epoch())
            {
                options.BatchTransform?.Invoke(bx, by, transformRandom);
                float batchLoss = optim.Step(bx, by);
                divergence.First(batchLoss);
                sum += (double)batchLoss * bx.Dim(0);
                count += bx.Dim(0);
                if (perBatch) optim.LearningRate = schedule!.Step(batchLoss);
            }
            float trainLoss = (float)(sum / count);
            float? valLoss = null, valAcc = null;
            if (options.ValidationX is not null)
            {
                var eval = Evaluator.Evaluate(net, loss, options.ValidationX, options.ValidationY!);
                valLoss = eval.Loss;
                if (classTargets) valAcc = eval.Accuracy;
            }
            var record = new EpochRecord(epoch, trainLoss, valLoss, valAcc, secondsBefore + clock.Elapsed.TotalSeconds, rate);
            history.Add(record);
            options.OnEpoch?.Invoke(record);
            divergence.Epoch(epoch, trainLoss, optim.LearningRate, history);
            if (best is not null && best.Observe(record))
            {
                history.StoppedEarly = epoch < options.Epochs;
                break;
            }
            bool stop = options.EarlyStopDelta is float delta && previous - trainLoss < delta && epoch < options.Epochs;
            if (stop) history.StoppedEarly = true;
            else
            {
                previous = trainLoss;
                if (schedule is not null && !perBatch) optim.LearningRate = schedule.Step(valLoss ?? trainLoss);
                else optim.LearningRate *= options.LearningRateDecay;
            }
            if (options.CheckpointPath is not null && (stop || epoch == options.Epochs || epoch % options.CheckpointInterval == 0))
                TrainingCheckpoint.Write(options.CheckpointPath, net, optim, epoch, history, previous, divergence.State, options, schedule, best);
            if (stop) break;
        }
        if (best is not null)
        {
            history.BestEpoch = best.Epoch;
            history.RestoredBestWeights = best.RestoreIfAsked();
        }
        return history;
    }

    private static void RequireFinite(Tensor x, Tensor y, TrainingOptions options)
    {
        const string Advice = "drop or impute those rows before training.";
        Finite.Require(x, "Trainer", "x", Advice);
        Finite.Require(y, "Trainer", "y", Advice);
        if (options.ValidationX is not null) Finite.Require(options.ValidationX, "Trainer", "ValidationX", Advice);
        if (options.ValidationY is not null) Finite.Require(options.ValidationY, "Trainer", "ValidationY", Advice);
    }
}
