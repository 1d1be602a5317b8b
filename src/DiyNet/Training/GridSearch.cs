using DiyNet.Data;
using DiyNet.Metrics;
using DiyNet.Optimization;
using DiyNet.Tensors;

namespace DiyNet.Training;

/// <summary>
/// Exhaustive search over a <see cref="ParameterGrid"/> with k-fold cross-validation: every combination is trained
/// (by <see cref="Trainer.Train"/>) on k − 1 folds and scored on the held-out fold; combinations are ranked by the mean
/// score. Trainings run in parallel, and the result is identical whatever the parallelism: the folds come from
/// <c>seed</c>, and the training of fold f gets its own generators derived from (seed, f) — the same for every
/// combination, so that combinations are compared on the same initial draws (common random numbers).
/// </summary>
public static class GridSearch
{
    /// <summary>Runs the search.</summary>
    /// <param name="factory">
    /// Builds a fresh network, loss and training settings for a combination. Draw every random initial value from the
    /// given <see cref="Random"/> (e.g. <c>new Linear(64, h, random: random)</c>): it is what makes the search
    /// reproducible. <see cref="TrainingOptions.Seed"/> is overwritten by a seed derived from (seed, fold).
    /// </param>
    /// <param name="grid">The parameter values to combine.</param>
    /// <param name="x">Inputs, first axis = examples.</param>
    /// <param name="y">Targets (one-hot (N, K) for classification), first axis = examples.</param>
    /// <param name="metric">Scores predictions on a held-out fold: <c>metric(yTrue, yPred)</c>, e.g. <see cref="Scores.Accuracy(Tensor, Tensor)"/>.</param>
    /// <param name="cv">Number of folds k (≥ 2).</param>
    /// <param name="seed">Seed of the folds and of every training.</param>
    /// <param name="options">Ranking direction, loss curves, stratification, parallelism, progress.</param>
    /// <returns>The ranked table.</returns>
    /// <exception cref="ArgumentException">x and y disagree, or cv is not in 2..N.</exception>
    public static GridSearchResult Run(Func<ParameterSet, Random, GridSearchModel> factory, ParameterGrid grid,
        Tensor x, Tensor y, Func<Tensor, Tensor, double> metric, int cv = 3, int seed = 0, GridSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(metric);
        options ??= new GridSearchOptions();
        int n = x.Dim(0);
        if (y.Dim(0) != n) throw new ArgumentException($"GridSearch: x has {n} examples, y has {y.Dim(0)}.");
        if (cv < 2 || cv > n) throw new ArgumentException($"GridSearch: cv must be in 2..{n} (the number of examples), got {cv}.", nameof(cv));

        var combinations = grid.Combinations();
        var folds = CrossValidation.Folds(y, cv, seed, options.Stratified);
        var foldData = folds.Select(f => new Lazy<FoldData>(() => FoldData.Take(x, y, f), LazyThreadSafetyMode.ExecutionAndPublication)).ToArray();
        var outcomes = new FoldScore[combinations.Count, cv];
        int total = combinations.Count * cv, completed = 0;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount,
        };
        Parallel.For(0, total, parallel, job =>
        {
            int c = job / cv, f = job % cv;
            var data = foldData[f].Value;
            var outcome = CrossValidation.TrainFold(factory, combinations[c], data.TrainX, data.TrainY, data.TestX, data.TestY, metric, seed, f, options.RecordCurves);
            outcomes[c, f] = outcome;
            int done = Interlocked.Increment(ref completed);
            options.Progress?.Report(new GridSearchProgress(done, total, combinations[c], f, outcome.Score));
        });

        var rows = Enumerable.Range(0, combinations.Count).Select(c => Summarize(c, combinations[c], outcomes, cv, options.RecordCurves)).ToList();
        var ranked = rows
            .OrderBy(r => r.Failure is null && !double.IsNaN(r.Mean) ? 0 : 1)
            .ThenBy(r => double.IsNaN(r.Mean) ? 0 : options.Maximize ? -r.Mean : r.Mean)
            .ThenBy(r => r.Index)
            .Select((r, i) => r with { Rank = i + 1 })
            .ToArray();
        string metricName = options.MetricName ?? (metric.Method.Name.Contains('<') ? "score" : metric.Method.Name);
        return new GridSearchResult(ranked, grid.Names, metricName, options.Maximize, cv, seed);
    }

    private static GridSearchRow Summarize(int index, ParameterSet parameters, FoldScore[,] outcomes, int k, bool recordCurves)
    {
        var scores = new double[k];
        string? failure = null;
        for (int f = 0; f < k; f++)
        {
            scores[f] = outcomes[index, f].Score;
            failure ??= outcomes[index, f].Failure;
        }
        double mean = scores.Average();
        double std = Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / k);
        IReadOnlyList<float[]>? train = null, validation = null;
        if (recordCurves)
        {
            train = Enumerable.Range(0, k).Select(f => outcomes[index, f].TrainLoss).ToArray();
            validation = Enumerable.Range(0, k).Select(f => outcomes[index, f].ValidationLoss).ToArray();
        }
        return new GridSearchRow(0, index, parameters, mean, std, scores, train, validation, failure);
    }

    private sealed record FoldData(Tensor TrainX, Tensor TrainY, Tensor TestX, Tensor TestY)
    {
        public static FoldData Take(Tensor x, Tensor y, SplitIndices split) => new(
            Preparation.TakeRows(x, split.Train), Preparation.TakeRows(y, split.Train),
            Preparation.TakeRows(x, split.Test), Preparation.TakeRows(y, split.Test));
    }
}
