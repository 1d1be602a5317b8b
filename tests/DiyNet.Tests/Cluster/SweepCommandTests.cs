using DiyNet.Cluster;
using DiyNet.Tests.Cli;
using Xunit;

namespace DiyNet.Tests.Cluster;

/// <summary>
/// <c>diynet sweep</c> and <c>diynet sweep status</c> as a user runs them: <c>diynet</c> (the managed build, or the Native
/// AOT executable under CI) hands them to <c>diynet-cluster</c>, which runs the sweep on an embedded silo.
/// </summary>
[Trait(TestGroup.Name, TestGroup.Cli)]
public class SweepCommandTests
{
    private static readonly Dictionary<string, string> Cluster = new()
    {
        [DiyNet.Cli.Commands.ClusterLauncher.Variable] = Path.Combine(AppContext.BaseDirectory, "diynet-cluster.dll"),
        ["DIYNET_THREADS"] = "1",
    };

    [Fact]
    public void SweepRunsInTheClusterExecutableAndStatusReadsItsTable()
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
        var run = CliProcess.Run(TimeSpan.FromSeconds(150), dir, Cluster, "sweep", spec, "--out", output, "--slots", "2");
        Assert.True(run.ExitCode == 0, $"{CliProcess.Describe()} sweep exited {run.ExitCode}:\n{run.Output}\n{run.Error}");
        Assert.Contains("2 done, 1 failed", run.Output);
        var (header, rows) = ResultsTable.Read(Path.Combine(output, ResultsTable.FileName));
        Assert.Equal(["done", "done", "failed"], rows.Select(r => r[Array.IndexOf(header, "status")]));
        Assert.True(File.Exists(Path.Combine(output, "best", "model.safetensors")), "the best trial's model file");

        var status = CliProcess.Run(TimeSpan.FromSeconds(60), dir, Cluster, "sweep", "status", output);
        Assert.True(status.ExitCode == 0, status.Error);
        Assert.Contains("3 trials: 2 done, 1 failed, 0 running, 0 pending", status.Output);
        Assert.Contains("best so far: trial ", status.Output);
        Assert.Contains("failed: trial 2: ", status.Output);
    }

    [Fact]
    public void AClusterExecutableNamedButMissingIsReported()
    {
        var missing = new Dictionary<string, string> { [DiyNet.Cli.Commands.ClusterLauncher.Variable] = "/nonexistent/diynet-cluster" };
        var run = CliProcess.Run(TimeSpan.FromSeconds(60), null, missing, "sweep", "status", "/nonexistent/sweep");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("DIYNET_CLUSTER names /nonexistent/diynet-cluster, which does not exist", run.Error);
    }
}
