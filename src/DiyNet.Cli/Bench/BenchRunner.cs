using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet.Training;
using System.Diagnostics;

namespace DiyNet.Cli.Bench;

/// <summary>
/// Times a workload with the anchors' protocol: synthetic data (inputs uniform in [0, 1), labels uniform over 10
/// classes, fixed seeds), a new shuffle every epoch, SGD with learning rate 0.05 through the library's own
/// <see cref="Trainer.Train"/> (or <see cref="Evaluator.Predict"/> for inference), one untimed warm-up run, then
/// the timed runs.
/// </summary>
internal static class BenchRunner
{
    /// <summary>The learning rate of every training workload.</summary>
    public const float LearningRate = 0.05f;

    /// <summary>Runs <paramref name="workload"/> once untimed and <paramref name="runs"/> times timed.</summary>
    public static BenchResult Run(BenchWorkload workload, int runs)
    {
        var (x, y) = SyntheticData(workload);
        Rng.ManualSeed(0);
        Module net = workload.Build();
        Loss loss = workload.Kind == BenchKind.AutoEncode ? new BCELoss() : new CELogSoftmax();
        int seed = 0;
        void Once()
        {
            if (workload.Kind == BenchKind.Infer) Evaluator.Predict(net, x, workload.BatchSize);
            else Trainer.Train(net, loss, x, y, new TrainingOptions
            {
                BatchSize = workload.BatchSize, Epochs = workload.Epochs, LearningRate = LearningRate, Seed = seed++,
            });
        }

        Once();
        var seconds = new double[runs];
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < runs; r++)
        {
            long start = Stopwatch.GetTimestamp();
            Once();
            seconds[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return new BenchResult(workload, seconds, runs == 0 ? 0 : allocated / runs);
    }

    /// <summary>The inputs and targets of a workload (the autoencoder's target is its input).</summary>
    public static (Tensor X, Tensor Y) SyntheticData(BenchWorkload workload)
    {
        var random = new Random(1000 + workload.Id.Sum(ch => ch));
        int[] shape = [workload.Examples, .. workload.ExampleShape];
        var x = new Tensor(shape);
        random.FillUniform(x.Span, 0f, 1f);
        if (workload.Kind == BenchKind.AutoEncode) return (x, x.Reshape(workload.Examples, -1));
        var y = new Tensor(workload.Examples, 10);
        for (int i = 0; i < workload.Examples; i++) y[i, random.Next(10)] = 1f;
        return (x, y);
    }
}
