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

        var optim = new Optim(net, loss, options.LearningRate, options.Rule);
        net.Train();
        var batches = new BatchIterator(x, y, options.BatchSize, options.Shuffle, new Random(options.Seed));
        var transformRandom = new Random(unchecked(options.Seed * 31 + 17));
        var history = new TrainingHistory();
        var clock = Stopwatch.StartNew();
        float previous = float.PositiveInfinity;
        var divergence = new DivergenceWatch(options);
        bool classTargets = options.ValidationY is not null && Scores.IsClassTarget(options.ValidationY);
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            double sum = 0;
            int count = 0;
            foreach (var (bx, by) in batches.Epoch())
            {
                options.BatchTransform?.Invoke(bx, by, transformRandom);
                float batchLoss = optim.Step(bx, by);
                divergence.First(batchLoss);
                sum += (double)batchLoss * bx.Dim(0);
                count += bx.Dim(0);
            }
            float trainLoss = (float)(sum / count);
            float? valLoss = null, valAcc = null;
            if (options.ValidationX is not null)
            {
                var eval = Evaluator.Evaluate(net, loss, options.ValidationX, options.ValidationY!);
                valLoss = eval.Loss;
                if (classTargets) valAcc = eval.Accuracy;
            }
            var record = new EpochRecord(epoch, trainLoss, valLoss, valAcc, clock.Elapsed.TotalSeconds);
            history.Add(record);
            options.OnEpoch?.Invoke(record);
            divergence.Epoch(epoch, trainLoss, optim.LearningRate, history);
            if (options.EarlyStopDelta is float delta && previous - trainLoss < delta && epoch < options.Epochs)
            {
                history.StoppedEarly = true;
                break;
            }
            previous = trainLoss;
            optim.LearningRate *= options.LearningRateDecay;
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
