using DiyNet.Data;
using DiyNet.Optimization;
using DiyNet.Tensors;

namespace DiyNet.Training;

/// <summary>
/// The k-fold cross-validation of <see cref="GridSearch"/>, one combination at a time: the folds of a seed and the
/// seeded training of one fold. A distributed sweep scores each combination with these, so that it gets exactly the
/// scores <see cref="GridSearch.Run"/> gives.
/// </summary>
public static class CrossValidation
{
    /// <summary>
    /// The k folds of <paramref name="seed"/>: stratified when <paramref name="stratified"/> and the targets are
    /// one-hot (K ≥ 2 columns), plain k-fold otherwise.
    /// </summary>
    /// <param name="y">Targets, first axis = examples.</param>
    /// <param name="k">Number of folds (2..N).</param>
    /// <param name="seed">Seed of the folds.</param>
    /// <param name="stratified">Keep the class proportions in every fold (one-hot targets only).</param>
    /// <exception cref="ArgumentException">k is not in 2..N.</exception>
    public static SplitIndices[] Folds(Tensor y, int k, int seed, bool stratified = true)
    {
        ArgumentNullException.ThrowIfNull(y);
        int n = y.Dim(0);
        if (k < 2 || k > n) throw new ArgumentException($"CrossValidation: the number of folds must be in 2..{n} (the number of examples), got {k}.", nameof(k));
        bool oneHot = y.Rank == 2 && y.Dim(1) >= 2;
        return stratified && oneHot ? Splits.StratifiedKFold(y.ArgMaxRows(), k, seed) : Splits.KFold(n, k, seed);
    }

    /// <summary>
    /// Trains a fresh model of <paramref name="factory"/> on the training part of fold <paramref name="fold"/> and
    /// scores it on the held-out part. The network's initial draws come from a generator seeded by
    /// (<paramref name="seed"/>, fold, 0) and the shuffling from (seed, fold, 1): the same for every combination.
    /// A training that diverges gives a NaN score and a failure message instead of an exception.
    /// </summary>
    /// <param name="factory">Builds the network, loss and settings of a combination from a seeded generator.</param>
    /// <param name="parameters">The combination.</param>
    /// <param name="split">The fold: training and held-out rows of (x, y).</param>
    /// <param name="x">Inputs, first axis = examples.</param>
    /// <param name="y">Targets, first axis = examples.</param>
    /// <param name="metric">Scores the held-out predictions: <c>metric(yTrue, yPred)</c>.</param>
    /// <param name="seed">The seed of the search.</param>
    /// <param name="fold">The fold's index (0-based).</param>
    /// <param name="recordCurves">Evaluate the held-out rows after each epoch (loss curves).</param>
    /// <exception cref="InvalidOperationException">The factory returned null.</exception>
    public static FoldScore TrainFold(Func<ParameterSet, Random, GridSearchModel> factory, ParameterSet parameters, SplitIndices split,
        Tensor x, Tensor y, Func<Tensor, Tensor, double> metric, int seed, int fold, bool recordCurves = false)
    {
        ArgumentNullException.ThrowIfNull(split);
        return TrainFold(factory, parameters, Preparation.TakeRows(x, split.Train), Preparation.TakeRows(y, split.Train),
            Preparation.TakeRows(x, split.Test), Preparation.TakeRows(y, split.Test), metric, seed, fold, recordCurves);
    }

    internal static FoldScore TrainFold(Func<ParameterSet, Random, GridSearchModel> factory, ParameterSet parameters,
        Tensor trainX, Tensor trainY, Tensor testX, Tensor testY, Func<Tensor, Tensor, double> metric, int seed, int fold, bool recordCurves)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(metric);
        var model = factory(parameters, new Random(DeriveSeed(seed, fold, 0)))
            ?? throw new InvalidOperationException($"CrossValidation: the factory returned null for {parameters}.");
        var options = model.Options with
        {
            Seed = DeriveSeed(seed, fold, 1),
            ValidationX = recordCurves ? testX : null,
            ValidationY = recordCurves ? testY : null,
        };
        try
        {
            var history = Trainer.Train(model.Net, model.Loss, trainX, trainY, options);
            var predictions = Evaluator.Predict(model.Net, testX);
            double score = metric(testY, predictions);
            string? failure = double.IsNaN(score) ? "the metric returned NaN" : null;
            return new FoldScore(score, history.TrainLoss, history.ValidationLoss, failure);
        }
        catch (TrainingDivergedException e)
        {
            return new FoldScore(double.NaN, [], [], $"fold {fold + 1} diverged: {e.Message}");
        }
    }

    /// <summary>A well-mixed 31-bit seed from (seed, fold, stream) (SplitMix64 finalizer).</summary>
    public static int DeriveSeed(int seed, int fold, int stream)
    {
        ulong z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)fold * 0xBF58476D1CE4E5B9UL + (ulong)stream * 0x94D049BB133111EBUL + 0x2545F4914F6CDD1DUL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
