using DiyNet.Cluster;
using DiyNet.Modules;
using DiyNet.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace DiyNet.Cluster.Cli;

/// <summary>
/// <c>diynet data-parallel RUNSPEC --workers N</c>: trains one network with every mini-batch split over N worker
/// grains (an embedded silo, or the machines of a cluster); the weights are bit-identical to one worker's.
/// </summary>
internal static class DataParallelCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("runspec") { Description = "The run spec (YAML or JSON): model, loss, data, epochs, batchSize, shardSize, learningRate, optimizer, seed." };
        var workers = new Option<int>("--workers", "-w") { Description = "Workers the batches are split over.", DefaultValueFactory = _ => 2 };
        var check = new Option<bool>("--check") { Description = "Train again with one in-process worker and check that the weights are bit-identical." };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the figures (time per step, bytes per step) to this JSON file." };
        var cluster = new ClusterOptions();
        var command = new Command("data-parallel", "Train one network with each mini-batch split over N workers (gradients summed in a fixed tree: bit-identical for any N).")
        {
            spec, workers, check, json,
        };
        cluster.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            TrainSpec run;
            ClusterSettings settings;
            Module net;
            try
            {
                run = TrainSpec.Load(parse.GetValue(spec)!.FullName);
                settings = cluster.Read(parse);
                net = run.BuildModel(new Random(run.Seed));
            }
            catch (Exception e) when (e is FormatException or IOException or ArgumentException)
            {
                Console.Error.WriteLine($"data-parallel: {e.Message}");
                return 2;
            }
            int n = parse.GetValue(workers);
            if (n < 1)
            {
                Console.Error.WriteLine($"data-parallel: --workers must be at least 1, got {n}.");
                return 2;
            }
            using var host = await ClusterOptions.TryStartHostAsync("data-parallel", settings, settings.Connection is not null && parse.GetValue(cluster.Slots) == 0, cancellationToken);
            if (host is null) return 2;
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var (train, test) = TrialRunner.Parts(run);
            Console.WriteLine($"data-parallel: {run}; {train.X.Dim(0)} examples, batch {run.BatchSize} in shards of {run.ShardSize}, {n} workers");
            var options = run.DataParallelOptions() with { OnEpoch = e => Console.WriteLine($"  epoch {e.Epoch}: train loss {e.TrainLoss:F4} ({e.Seconds:F1} s)") };
            DataParallelRun outcome;
            try
            {
                outcome = await DataParallelTrainer.Train(net, run.BuildLoss(), train.X.Dim(0), options,
                    new GrainShardWorkers(grains, n, run, $"dp-{Guid.NewGuid():N}"), cancellationToken);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"data-parallel: {e.Message}");
                await host.StopAsync(CancellationToken.None);
                return 2;
            }
            var s = outcome.Stats;
            Console.WriteLine($"  {s.Steps} steps, {s.MillisecondsPerStep:F2} ms per step, {s.BytesPerStep / 1024:F1} KiB per step " +
                              $"({s.ParameterCount} parameters, {s.Workers} workers)");
            if (test is { } held)
                Console.WriteLine($"  held-out accuracy {DiyNet.Metrics.Scores.Accuracy(held.Y, Evaluator.Predict(net, held.X)):F4}");
            int code = 0;
            if (parse.GetValue(check))
            {
                var reference = run.BuildModel(new Random(run.Seed));
                var local = new LocalShardWorkers(1, () => run.BuildModel(new Random(0)), run.BuildLoss, train.X, train.Y);
                var single = await DataParallelTrainer.Train(reference, run.BuildLoss(), train.X.Dim(0), run.DataParallelOptions(), local, cancellationToken);
                float[] a = ShardWorker.GetWeights(net), b = ShardWorker.GetWeights(reference);
                int differ = a.Where((v, i) => BitConverter.SingleToInt32Bits(v) != BitConverter.SingleToInt32Bits(b[i])).Count();
                Console.WriteLine(differ == 0
                    ? $"  bit-identical to one in-process worker ({single.Stats.MillisecondsPerStep:F2} ms per step there)"
                    : $"  NOT bit-identical to one in-process worker: {differ} of {a.Length} weights differ");
                code = differ == 0 ? 0 : 1;
            }
            if (parse.GetValue(json) is FileInfo file)
            {
                var figures = new System.Text.Json.Nodes.JsonObject
                {
                    ["workers"] = s.Workers, ["steps"] = s.Steps, ["parameters"] = s.ParameterCount, ["msPerStep"] = s.MillisecondsPerStep,
                    ["bytesToWorkersPerStep"] = (double)s.BytesToWorkers / Math.Max(1, s.Steps), ["bytesFromWorkersPerStep"] = (double)s.BytesFromWorkers / Math.Max(1, s.Steps),
                };
                File.WriteAllText(file.FullName, figures.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            await host.StopAsync(CancellationToken.None);
            return code;
        });
        return command;
    }
}
