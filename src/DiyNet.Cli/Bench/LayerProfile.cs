using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using System.Diagnostics;

namespace DiyNet.Cli.Bench;

/// <summary>
/// Where a training step of a workload spends its time: the layers of its <see cref="Sequential"/> run one by one —
/// forward, loss, then backward (weight gradient and input gradient apart) in reverse, then the SGD update — each
/// pass timed, over a number of steps after a warm-up (the update is <see cref="Optim.Update"/>: gradient finiteness check,
/// SGD, zeroing). The layers run unfused (a Linear or convolution and its ReLU
/// are two passes here, one in <see cref="Sequential"/>); <see cref="FusedStepSeconds"/> is the same step through
/// <see cref="Optim.Step"/>, for comparison. An inference workload is profiled in evaluation mode, forward passes
/// only, against <see cref="Module.Forward"/> of the whole network (fused layers) as <see cref="FusedStepSeconds"/>.
/// </summary>
internal sealed class LayerProfile
{
    private LayerProfile(BenchWorkload workload, IReadOnlyList<LayerTime> rows, double fusedStepSeconds, int steps)
    {
        Workload = workload; Rows = rows; FusedStepSeconds = fusedStepSeconds; Steps = steps;
    }

    /// <summary>The workload profiled.</summary>
    public BenchWorkload Workload { get; }

    /// <summary>One row per layer, then the loss and the update.</summary>
    public IReadOnlyList<LayerTime> Rows { get; }

    /// <summary>Seconds per step through <see cref="Optim.Step"/> (fused layers), mean over the same number of steps.</summary>
    public double FusedStepSeconds { get; }

    /// <summary>Timed steps.</summary>
    public int Steps { get; }

    /// <summary>Seconds per step, the sum of the rows.</summary>
    public double StepSeconds => Rows.Sum(r => r.TotalSeconds);

    /// <summary>
    /// Profiles <paramref name="workload"/> (whose network is a <see cref="Sequential"/>) over <paramref name="steps"/>
    /// steps: training steps, or batches of forward passes for an inference workload.
    /// </summary>
    /// <exception cref="ArgumentException">The workload's network is not a Sequential.</exception>
    public static LayerProfile Run(BenchWorkload workload, int steps)
    {
        var (x, y) = BenchRunner.SyntheticData(workload);
        Rng.ManualSeed(0);
        if (workload.Build() is not Sequential net)
            throw new ArgumentException($"bench --profile: the network of workload {workload.Id} is not a Sequential.");
        if (workload.Kind == BenchKind.Infer) return RunInference(workload, net, x, steps);
        Loss loss = workload.Kind == BenchKind.AutoEncode ? new BCELoss() : new CELogSoftmax();
        int batch = workload.BatchSize, batches = workload.Examples / batch;
        long[] forwardFlops = LayerFlops(net, x, batch);
        int n = net.Count;
        var forward = new long[n]; var weight = new long[n]; var input = new long[n];
        long lossTicks = 0, updateTicks = 0;
        var inputs = new Tensor[n];
        var optim = new Optim(net, loss, BenchRunner.LearningRate);
        net.Train();

        void Step(int s, bool timed)
        {
            int b = s % batches;
            Tensor h = x.Slice(b * batch, batch), target = y.Slice(b * batch, batch);
            long t0, t1;
            for (int i = 0; i < n; i++)
            {
                inputs[i] = h;
                t0 = Stopwatch.GetTimestamp();
                h = net[i].Forward(h);
                t1 = Stopwatch.GetTimestamp();
                if (timed) forward[i] += t1 - t0;
            }
            t0 = Stopwatch.GetTimestamp();
            loss.Forward(target, h);
            Tensor delta = loss.Backward(target, h);
            t1 = Stopwatch.GetTimestamp();
            if (timed) lossTicks += t1 - t0;
            for (int i = n - 1; i >= 0; i--)
            {
                t0 = Stopwatch.GetTimestamp();
                net[i].BackwardUpdateGradient(inputs[i], delta);
                t1 = Stopwatch.GetTimestamp();
                if (timed) weight[i] += t1 - t0;
                if (i == 0) break;
                delta = net[i].BackwardDelta(inputs[i], delta);
                if (timed) input[i] += Stopwatch.GetTimestamp() - t1;
            }
            t0 = Stopwatch.GetTimestamp();
            optim.Update();
            if (timed) updateTicks += Stopwatch.GetTimestamp() - t0;
        }

        int warmup = Math.Max(5, steps / 5);
        for (int s = 0; s < warmup; s++) Step(s, timed: false);
        for (int s = 0; s < steps; s++) Step(warmup + s, timed: true);

        for (int s = 0; s < warmup; s++) optim.Step(x.Slice(s % batches * batch, batch), y.Slice(s % batches * batch, batch));
        long fusedStart = Stopwatch.GetTimestamp();
        for (int s = 0; s < steps; s++) optim.Step(x.Slice((warmup + s) % batches * batch, batch), y.Slice((warmup + s) % batches * batch, batch));
        double fused = Stopwatch.GetElapsedTime(fusedStart).TotalSeconds / steps;

        double Per(long ticks) => ticks / (double)Stopwatch.Frequency / steps;
        var rows = new List<LayerTime>();
        for (int i = 0; i < n; i++)
            rows.Add(new LayerTime($"[{i}] {net[i]}", Per(forward[i]), Per(weight[i]), Per(input[i]), forwardFlops[i]));
        rows.Add(new LayerTime($"loss {loss}", Per(lossTicks), 0, 0, 0));
        rows.Add(new LayerTime($"update (gradient check, {optim.Rule}, zeroing)", Per(updateTicks), 0, 0, 0));
        return new LayerProfile(workload, rows, fused, steps);
    }

    // Inference: each layer's forward pass in evaluation mode, then the whole network's (fused) for comparison.
    private static LayerProfile RunInference(BenchWorkload workload, Sequential net, Tensor x, int steps)
    {
        int batch = workload.BatchSize, batches = Math.Max(1, workload.Examples / batch);
        long[] flops = LayerFlops(net, x, batch);
        int n = net.Count;
        var forward = new long[n];
        net.Eval();
        void Batch(int s, bool timed)
        {
            Tensor h = x.Slice(s % batches * batch, Math.Min(batch, x.Dim(0)));
            for (int i = 0; i < n; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                h = net[i].Forward(h);
                if (timed) forward[i] += Stopwatch.GetTimestamp() - t0;
            }
        }
        int warmup = Math.Max(2, steps / 5);
        for (int s = 0; s < warmup; s++) Batch(s, timed: false);
        for (int s = 0; s < steps; s++) Batch(warmup + s, timed: true);
        for (int s = 0; s < warmup; s++) net.Forward(x.Slice(s % batches * batch, batch));
        long fusedStart = Stopwatch.GetTimestamp();
        for (int s = 0; s < steps; s++) net.Forward(x.Slice((warmup + s) % batches * batch, batch));
        double fused = Stopwatch.GetElapsedTime(fusedStart).TotalSeconds / steps;
        var rows = new List<LayerTime>();
        for (int i = 0; i < n; i++)
            rows.Add(new LayerTime($"[{i}] {net[i]}", forward[i] / (double)Stopwatch.Frequency / steps, 0, 0, flops[i], Inference: true));
        return new LayerProfile(workload, rows, fused, steps);
    }

    // The forward FLOPs of each layer for one batch, with the bench's model (BenchRunner.FlopsPerExample).
    private static long[] LayerFlops(Sequential net, Tensor x, int batch)
    {
        var flops = new long[net.Count];
        Tensor h = x.Slice(0, 1);
        net.Eval();
        try
        {
            for (int i = 0; i < net.Count; i++)
            {
                var output = net[i].Forward(h);
                if (net[i] is Linear or Convolution && net[i].Parameters.FirstOrDefault(p => p.Name == "weight") is { } w)
                    flops[i] = 2L * w.Value.Length * (output.Length / output.Dim(-1)) * batch;
                h = output;
            }
        }
        finally
        {
            net.Train();
        }
        return flops;
    }
}
