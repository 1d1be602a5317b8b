using DiyNet.Cluster;
using System.Diagnostics;
using Xunit;

namespace DiyNet.Tests.Cluster;

/// <summary><c>diynet-cluster sweep SPEC</c> in a child process: an embedded silo, the output folder, the best model.</summary>
public class SweepExecutableTests
{
    [Fact]
    public void AnUnreachableDatabaseIsNamedWithoutItsPassword()
    {
        string dir = SweepFixtures.TempDirectory("unreachable");
        string spec = Path.Combine(dir, "tiny.yaml");
        File.WriteAllText(spec, "train: { model: \"Linear(64,10)\" }\ngrid: { learningRate: [0.1] }\n");
        int port = ClusterHost.FreePort();   // nothing listens there
        string connection = $"Host=127.0.0.1;Port={port};Username=lab;Password=hunter2;Database=runs";
        foreach (string[] args in new[] { new[] { "worker", "--cluster", connection }, ["sweep", spec, "--cluster", connection, "--cluster-id", "lab", "--slots", "0"] })
        {
            var run = ClusterProcess.Run(TimeSpan.FromSeconds(60), dir, args);
            Assert.True(run.ExitCode == 2, $"diynet-cluster {args[0]} exited {run.ExitCode}:\n{run.Output}\n{run.Error}");
            string id = args[0] == "worker" ? "diynet" : "lab";
            Assert.Contains($"{args[0]}: cannot reach the database of cluster \"{id}\" (PostgreSQL at 127.0.0.1:{port}, database runs, user lab)", run.Error);
            Assert.DoesNotContain("hunter2", run.Output + run.Error);
        }
    }

    [Fact]
    public void DataParallelNamesAModelItCannotReadInOneLine()
    {
        string dir = SweepFixtures.TempDirectory("bad-model");
        string spec = Path.Combine(dir, "run.yaml");
        File.WriteAllText(spec, "model: \"Linear(64,10) Relu\"\ndata: digits\n");
        var run = ClusterProcess.Run(TimeSpan.FromSeconds(60), dir, ["data-parallel", spec, "--workers", "2"]);
        Assert.True(run.ExitCode == 2, $"diynet-cluster data-parallel exited {run.ExitCode}:\n{run.Output}\n{run.Error}");
        Assert.StartsWith("data-parallel: ", run.Error);
        Assert.Contains("Relu", run.Error);
        Assert.DoesNotContain("   at ", run.Error);   // no stack trace
    }

    [Fact]
    public async Task ASweepOnAnEmbeddedSiloWritesItsTableAndTheBestModel()
    {
        string dir = SweepFixtures.TempDirectory("sweep-command");
        string spec = Path.Combine(dir, "tiny.yaml");
        File.WriteAllText(spec, """
            name: tiny
            train: { model: "Linear(64,{hidden}) ReLU Linear({hidden},10)", data: digits, testFraction: 0.5, epochs: 2, batchSize: 32, learningRate: 0.1, seed: 3 }
            grid:
              - { hidden: [8, 16] }
              - { hidden: 8, learningRate: -1 }
            folds: 2
            """);
        string output = Path.Combine(dir, "out");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dir };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "diynet-cluster.dll"), "sweep", spec, "--out", output, "--slots", "2" }) info.ArgumentList.Add(a);
        info.Environment["DIYNET_THREADS"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(150));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        string printed = await stdout, errors = await stderr;
        Assert.True(process.ExitCode == 0, $"diynet-cluster sweep exited {process.ExitCode}:\n{printed}\n{errors}");
        Assert.Contains("2 done, 1 failed", printed);
        var (header, rows) = ResultsTable.Read(Path.Combine(output, ResultsTable.FileName));
        Assert.Equal(["done", "done", "failed"], rows.Select(r => r[Array.IndexOf(header, "status")]));
        Assert.True(File.Exists(Path.Combine(output, "best", "model.safetensors")), "the best trial's model file");
        Assert.Equal(3, File.ReadAllLines(Path.Combine(output, "trials.jsonl")).Length);
    }
}
