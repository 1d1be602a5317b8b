using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet.Training;
using System.Diagnostics;

namespace DiyNet.Cli.Bench;

/// <summary>
/// Times a workload with the anchors' protocol: synthetic data (inputs uniform in [0, 1), labels uniform over 10
/// classes, fixed seeds), a new shuffle every epoch, SGD with learning rate 0.05 through the library's own
/// <see cref="Trainer.Train"/> (or <see cref="Evaluator.Predict(DiyNet.Modules.Module, DiyNet.Tensors.Tensor, int)"/> for inference), one untimed warm-up run, then
/// the timed runs.
/// </summary>
internal static class BenchRunner
{
    /// <summary>The learning rate of every training workload.</summary>
    public const float LearningRate = 0.05f;

    /// <summary>
    /// Runs <paramref name="workload"/> once untimed and <paramref name="runs"/> times timed. Inference writes into
    /// one preallocated output (<see cref="Evaluator.Predict(Module, Tensor, Tensor, int)"/>), as the ONNX Runtime
    /// anchor does.
    /// </summary>
    public static BenchResult Run(BenchWorkload workload, int runs)
    {
        PeakMemory.Reset();
        var (x, y) = SyntheticData(workload);
        Rng.ManualSeed(0);
        Module net = workload.Build();
        long flops = FlopsPerExample(net, x, workload.Kind);
        Loss loss = workload.Kind == BenchKind.AutoEncode ? new BCELoss() : new CELogSoftmax();
        Tensor? output = workload.Kind == BenchKind.Infer ? Evaluator.Predict(net, x.Slice(0, 1)) : null;
        if (output is not null)
        {
            int[] shape = output.Shape.ToArray();
            shape[0] = workload.Examples;
            output = new Tensor(shape);
        }
        int seed = 0;
        void Once()
        {
            if (workload.Kind == BenchKind.Infer) Evaluator.Predict(net, x, output!, workload.BatchSize);
            else Trainer.Train(net, loss, x, y, new TrainingOptions
            {
                BatchSize = workload.BatchSize, Epochs = workload.Epochs, LearningRate = LearningRate, Seed = seed++,
            });
        }

        Once();
        var seconds = new double[runs];
        var processorSeconds = new double[runs];
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < runs; r++)
        {
            TimeSpan processorStart = Environment.CpuUsage.TotalTime;
            long start = Stopwatch.GetTimestamp();
            Once();
            seconds[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            processorSeconds[r] = (Environment.CpuUsage.TotalTime - processorStart).TotalSeconds;
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return new BenchResult(workload, seconds, processorSeconds, runs == 0 ? 0 : allocated / runs, flops, PeakMemory.PeakResidentBytes());
    }

    /// <summary>
    /// Floating-point operations per example with the anchors' model: 2 × multiply-adds of every Linear and
    /// convolution layer (weight elements × output positions, from a forward pass on one example in evaluation mode;
    /// normalization and element-wise layers are not counted), forward only for inference; for training forward +
    /// weight gradients + input gradients of every layer but the first (3 × forward − first).
    /// </summary>
    public static long FlopsPerExample(Module net, Tensor x, BenchKind kind)
    {
        var layers = new List<long>();
        Tensor input = x.Slice(0, 1);
        IReadOnlyList<Module> children = net is Sequential ? net.Children : [net];
        bool training = net.IsTraining;
        net.Eval();   // one example: batch normalization uses its running statistics, dropout passes through
        try
        {
            foreach (var child in children)
            {
                var output = child.Forward(input);
                var weight = child is Linear or Convolution ? child.Parameters.FirstOrDefault(p => p.Name == "weight") : null;
                if (weight is not null)
                {
                    int channels = output.Dim(-1);
                    layers.Add(2L * weight.Value.Length * (output.Length / channels));
                }
                input = output;
            }
        }
        finally
        {
            net.Train(training);
        }
        if (layers.Count == 0) return 0;
        return kind == BenchKind.Infer ? layers.Sum() : 3 * layers.Sum() - layers[0];
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
