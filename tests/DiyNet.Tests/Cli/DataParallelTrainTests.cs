using System.Text.Json;
using DiyNet.Tests.Cli.Train;
using DiyNet.Tests.Data;
using Xunit;

namespace DiyNet.Tests.Cli;

/// <summary>
/// <c>diynet train --workers N</c> as a user runs it (the managed build, or the Native AOT executable under CI; both
/// hand the command line to <c>diynet-cluster</c>): the model files are bit-identical to the single-process
/// <c>diynet train --shard-size 8</c> run by the same runtime (<c>diynet-cluster train</c>, on the JIT: the native
/// executable's kernels are compiled for 128-bit vectors and round differently), and what data parallelism cannot
/// honour is refused by name.
/// </summary>
[Trait(TestGroup.Name, TestGroup.Cli)]
public class DataParallelTrainTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        [DiyNet.Cli.Commands.ClusterLauncher.Variable] = Path.Combine(AppContext.BaseDirectory, "diynet-cluster.dll"),
        ["DIYNET_THREADS"] = "1",
    };

    private static string[] Train(string data, string output, params string[] more) =>
        ["train", "--model", "Linear(_,16) ReLU Linear(16,_)", "--data", data, "--target", "kind", "--features", "x,y", "--epochs", "4",
         "--batch-size", "24", "--optimizer", "momentum", "--lr", "0.05", "--out", output, .. more];

    [Fact]
    public void TwoWorkersWriteTheModelFilesOfTheSingleProcessRunBitForBit()
    {
        using var dir = new TempFolder();
        string data = TrainData.Blobs(dir.Root);
        string one = Path.Combine(dir.Root, "one"), two = Path.Combine(dir.Root, "two");
        var single = DiyNet.Tests.Cluster.ClusterProcess.Run(TimeSpan.FromSeconds(60), dir.Root, Train(data, one, "--shard-size", "8"));
        Assert.True(single.ExitCode == 0, $"diynet-cluster train --shard-size 8 exited {single.ExitCode}:\n{single.Output}\n{single.Error}");
        Assert.DoesNotContain("data-parallel:", single.Output);
        var workers = CliProcess.Run(TimeSpan.FromSeconds(120), dir.Root, Environment, Train(data, two, "--workers", "2"));
        Assert.True(workers.ExitCode == 0, $"{CliProcess.Describe()} train --workers 2 exited {workers.ExitCode}:\n{workers.Output}\n{workers.Error}");
        Assert.Contains("data-parallel: 2 workers (Orleans grains), each batch of 24 in shards of 8", workers.Output);
        foreach (string file in new[] { "best.safetensors", "last.safetensors" })
            Assert.True(File.ReadAllBytes(Path.Combine(one, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(two, file))),
                $"{file}: the 2-worker run's model file differs from the single-process run's");
        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(two, "run.json")));
        Assert.Equal(8, run.RootElement.GetProperty("settings").GetProperty("shardSize").GetInt32());
        Assert.Equal(File.ReadAllText(Path.Combine(one, "metrics.csv")).Split('\n').Select(l => l.Split(',')[..^1]).SelectMany(c => c),
            File.ReadAllText(Path.Combine(two, "metrics.csv")).Split('\n').Select(l => l.Split(',')[..^1]).SelectMany(c => c));
    }

    [Fact]
    public void TheClusterOptionsAreRefusedWhereTheyMeanNothingAndAnUnreachableDatabaseIsNamedWithoutItsPassword()
    {
        using var dir = new TempFolder();
        string data = TrainData.Blobs(dir.Root);
        var alone = CliProcess.Run(TimeSpan.FromSeconds(60), dir.Root, Environment,
            Train(data, Path.Combine(dir.Root, "a"), "--cluster", "Host=127.0.0.1;Username=u;Password=p;Database=d"));
        Assert.True(alone.ExitCode == 2, $"exit {alone.ExitCode}:\n{alone.Output}\n{alone.Error}");
        Assert.Contains("diynet train: --cluster: joins a cluster for the workers of --workers N ≥ 2, but --workers is 1", alone.Error);
        var id = CliProcess.Run(TimeSpan.FromSeconds(60), dir.Root, Environment, Train(data, Path.Combine(dir.Root, "i"), "--workers", "2", "--cluster-id", "lab"));
        Assert.True(id.ExitCode == 2, $"exit {id.ExitCode}:\n{id.Output}\n{id.Error}");
        Assert.Contains("diynet train: --cluster-id lab: names the cluster of --cluster CONNECTION", id.Error);
        // Handed to diynet-cluster by the native diynet: nothing listens on the port, so the database cannot be reached.
        int port = DiyNet.Cluster.ClusterHost.FreePort();
        var unreachable = CliProcess.Run(TimeSpan.FromSeconds(90), dir.Root, Environment,
            Train(data, Path.Combine(dir.Root, "u"), "--workers", "2", "--cluster", $"Host=127.0.0.1;Port={port};Username=lab;Password=hunter2;Database=runs"));
        Assert.True(unreachable.ExitCode == 2, $"exit {unreachable.ExitCode}:\n{unreachable.Output}\n{unreachable.Error}");
        Assert.Contains($"diynet train: cannot reach the database of cluster \"diynet\" (PostgreSQL at 127.0.0.1:{port}, database runs, user lab)", unreachable.Error);
        Assert.DoesNotContain("hunter2", unreachable.Output + unreachable.Error);
    }

    [Fact]
    public void WhatDataParallelTrainingCannotHonourIsRefusedByName()
    {
        using var dir = new TempFolder();
        string data = TrainData.Blobs(dir.Root);
        var dropout = CliProcess.Run(TimeSpan.FromSeconds(120), dir.Root, Environment,
            ["train", "--model", "Linear(_,16) ReLU Dropout(0.5) Linear(16,_)", "--data", data, "--target", "kind", "--epochs", "1", "--out", Path.Combine(dir.Root, "d"), "--workers", "2"]);
        Assert.True(dropout.ExitCode == 2, $"exit {dropout.ExitCode}:\n{dropout.Output}\n{dropout.Error}");
        Assert.Contains("--model: Dropout (module 3) draws random masks (dropout)", dropout.Error);
        var tooMany = CliProcess.Run(TimeSpan.FromSeconds(60), dir.Root, Environment, Train(data, Path.Combine(dir.Root, "w"), "--workers", "4"));
        Assert.True(tooMany.ExitCode == 2, $"exit {tooMany.ExitCode}:\n{tooMany.Output}\n{tooMany.Error}");
        Assert.Contains("--workers 4: a batch of 24 examples in shards of 8 has 3 shards, so at most 3 workers can share it", tooMany.Error);
    }
}
