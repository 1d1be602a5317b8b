using DiyNet.Data;
using DiyNet.Training;
using System.Diagnostics;

namespace DiyNet.Cluster;

/// <summary>
/// Runs one trial wherever it lands: loads the data named by the run spec (once per process), takes the folds of the
/// spec's seed and trains each fold with <see cref="CrossValidation.TrainFold(Func{ParameterSet, Random, GridSearchModel}, ParameterSet, SplitIndices, Tensors.Tensor, Tensors.Tensor, Func{Tensors.Tensor, Tensors.Tensor, double}, int, int, bool)"/>.
/// Deterministic: the same request gives the same scores on any machine. Never throws for a bad trial: the error
/// (unknown layer, wrong shapes, invalid learning rate, divergence) is the result.
/// </summary>
public static class TrialRunner
{
    /// <summary>Runs the trial.</summary>
    public static TrialResult Run(TrialRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        string host = $"{Environment.MachineName}/{Environment.ProcessId}";
        try
        {
            var spec = TrainSpec.FromJson(request.RunSpec);
            var (x, y) = TrainingPart(spec);
            var metric = SweepSpec.MetricFunction(request.Metric);
            var folds = CrossValidation.Folds(y, request.Folds, spec.Seed);
            var scores = new double[folds.Length];
            string? error = null;
            GridSearchModel Factory(ParameterSet _, Random random) => new(spec.BuildModel(random), spec.BuildLoss(), spec.TrainingOptions());
            for (int f = 0; f < folds.Length; f++)
            {
                var outcome = CrossValidation.TrainFold(Factory, new ParameterSet([]), folds[f], x, y, metric, spec.Seed, f);
                scores[f] = outcome.Score;
                error ??= outcome.Failure;
            }
            return new TrialResult(request.Index, scores, error, host, clock.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or Modules.SequentialException
                                      or IOException or UnauthorizedAccessException or DataFormatException)
        {
            return new TrialResult(request.Index, new double[request.Folds].Select(_ => double.NaN).ToArray(), $"{e.GetType().Name}: {e.Message}", host, clock.Elapsed.TotalSeconds);
        }
    }

    /// <summary>
    /// The examples a sweep's folds and final training see: all of the data, or the training part of a stratified
    /// split when <see cref="TrainSpec.TestFraction"/> is positive. Targets one-hot.
    /// </summary>
    public static (Tensors.Tensor X, Tensors.Tensor Y) TrainingPart(TrainSpec spec) => Parts(spec).Train;

    /// <summary>The training and held-out parts of the spec's data (the held-out part is empty when TestFraction is 0).</summary>
    public static ((Tensors.Tensor X, Tensors.Tensor Y) Train, (Tensors.Tensor X, Tensors.Tensor Y)? Test) Parts(TrainSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var data = DataSources.Load(spec.Data);
        if (spec.TestFraction <= 0) return ((data.X, data.OneHot()), null);
        var (train, test) = data.Split(spec.TestFraction, spec.Seed);
        return ((train.X, train.OneHot()), (test.X, test.OneHot()));
    }
}
