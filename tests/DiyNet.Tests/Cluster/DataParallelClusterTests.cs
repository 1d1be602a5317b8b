using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DiyNet.Tests.Cli.Train;
using DiyNet.Tests.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit;

namespace DiyNet.Tests.Cluster;

/// <summary>
/// <c>diynet-cluster train --workers 2 --cluster CONNECTION</c> over two <c>diynet-cluster worker</c> processes whose
/// membership lives in PostgreSQL on 127.0.0.1 (<see cref="PostgresTestCluster"/>): the train process joins as a
/// client, each worker process computes shards, and the model files are byte-identical to the single-process run.
/// </summary>
public class DataParallelClusterTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static string[] Train(string data, string folder, params string[] more) =>
        ["train", "--model", "Linear(_,16) ReLU Linear(16,_)", "--data", data, "--target", "kind", "--features", "x,y", "--epochs", "4",
         "--batch-size", "24", "--optimizer", "momentum", "--lr", "0.05", "--out", folder, .. more];

    [Fact]
    public async Task TwoWorkerProcessesTrainTheModelOfTheSingleProcessRunBitForBit()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await PostgresTestCluster.CreateAsync();
        using var dir = new TempFolder();
        string data = TrainData.Blobs(dir.Root);
        string[] join = ["--workers", "2", "--cluster", cluster.Connection, "--cluster-id", cluster.ClusterId];
        var server = new NpgsqlConnectionStringBuilder(cluster.Connection);
        string named = $"cluster \"{cluster.ClusterId}\" (PostgreSQL at {server.Host}:{server.Port}, database {cluster.Database}, user {server.Username})";

        // No worker yet: the train process gives up after --cluster-wait, naming the cluster and its database, not the password.
        var none = ClusterProcess.Run(TimeSpan.FromSeconds(60), dir.Root, Train(data, Path.Combine(dir.Root, "none"), [.. join, "--cluster-wait", "1"]));
        Assert.True(none.ExitCode == 2, $"exit {none.ExitCode}:\n{none.Output}\n{none.Error}");
        Assert.Contains($"diynet train: no silo is in {named} after 1 s", none.Error);
        Assert.DoesNotContain("Password=", none.Output + none.Error, StringComparison.OrdinalIgnoreCase);
        output.WriteLine($"no-worker refusal {clock.Elapsed}");

        var workers = new[] { cluster.StartWorker(), cluster.StartWorker() };
        string one = Path.Combine(dir.Root, "one"), two = Path.Combine(dir.Root, "two");
        var single = ClusterProcess.Run(TimeSpan.FromSeconds(60), dir.Root, Train(data, one, "--shard-size", "8"));
        Assert.True(single.ExitCode == 0, $"diynet-cluster train --shard-size 8 exited {single.ExitCode}:\n{single.Output}\n{single.Error}");
        using (var client = await cluster.ConnectClient())
        {
            await cluster.WaitForSilos(client.Services.GetRequiredService<IGrainFactory>(), 2);
            await client.StopAsync();
        }
        output.WriteLine($"single-process run done and 2 workers in the cluster {clock.Elapsed}");

        var run = ClusterProcess.Run(TimeSpan.FromSeconds(120), dir.Root, Train(data, two, join));
        output.WriteLine($"cluster run done {clock.Elapsed}\n{run.Output}");
        Assert.True(run.ExitCode == 0, $"diynet-cluster train --workers 2 --cluster exited {run.ExitCode}:\n{run.Output}\n{run.Error}\n{cluster.Logs()}");
        Assert.Contains($"{named}: 2 worker silos", run.Output);
        foreach (string file in new[] { "best.safetensors", "last.safetensors" })
            Assert.True(File.ReadAllBytes(Path.Combine(one, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(two, file))),
                $"{file}: the 2-process cluster run's model file differs from the single-process run's");

        // Who computed what: the train process counts the shards of each answer by the silo that sent it. Every batch
        // of 24 is 3 shards of 8, split 1 + 2 between the two workers, each on its own silo.
        var stats = Regex.Match(run.Output, @"sharded steps: (\d+) in this process, \d+\.\d\d ms per step \(gradient over 2 workers \+ update\)");
        Assert.True(stats.Success, run.Output);
        int steps = int.Parse(stats.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(20, steps);   // 120 training rows (150 less the 20 % validation split) in batches of 24, 4 epochs
        var line = run.Output.Split('\n').Single(l => l.StartsWith("shards computed per silo: ", StringComparison.Ordinal));
        var bySilo = Regex.Matches(line, @"127\.0\.0\.1:(\d+) (\d+)").ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
            m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.Equal(workers.Select(w => w.SiloPort).Order(), bySilo.Keys.Order());
        Assert.True(bySilo.Values.Order().SequenceEqual([steps, 2 * steps]), $"{line}: each step's 3 shards should go 1 + 2 to the two worker processes");
        Assert.All(workers, w => Assert.False(w.Process.HasExited, $"a worker exited during the run:\n{cluster.Logs()}"));
    }
}
