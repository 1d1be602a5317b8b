using DiyNet.Cluster;
using DiyNet.Tests.Cli;
using Xunit;

namespace DiyNet.Tests.Cluster;

/// <summary>
/// <c>diynet sweep status</c> as a user runs it: <c>diynet</c> (the managed build, or the Native AOT executable under
/// CI) hands the command line to <c>diynet-cluster</c>.
/// </summary>
[Trait(TestGroup.Name, TestGroup.Cli)]
public class SweepCommandTests
{
    private static readonly string ClusterDll = Path.Combine(AppContext.BaseDirectory, "diynet-cluster.dll");

    [Fact]
    public void SweepStatusRunsInTheClusterExecutableAndReadsTheTable()
    {
        string dir = SweepFixtures.TempDirectory("sweep-status");
        var sweep = SweepSpec.FromNode(SpecReader.FromYaml("""
            train: { model: "Linear(64,{hidden}) ReLU Linear({hidden},10)" }
            grid: { hidden: [8, 16, 32, 64] }
            folds: 2
            """, "status.yaml"), "status");
        TrialResult?[] results = [new(0, [0.75, 0.8], null, "h/1", 1), null, new(2, [double.NaN, double.NaN], "ArgumentOutOfRangeException: bad step", "h/2", 0), null];
        File.WriteAllText(Path.Combine(dir, ResultsTable.FileName), ResultsTable.ToCsv(sweep, results, [false, true, false, false]));

        var status = CliProcess.Run(TimeSpan.FromSeconds(90), dir, new Dictionary<string, string> { [DiyNet.Cli.Commands.ClusterLauncher.Variable] = ClusterDll },
            "sweep", "status", dir);
        Assert.True(status.ExitCode == 0, $"{CliProcess.Describe()} sweep status exited {status.ExitCode}:\n{status.Output}\n{status.Error}");
        Assert.Contains("4 trials: 1 done, 1 failed, 1 running, 1 pending", status.Output);
        Assert.Contains("best so far: trial 0 (hidden=8): accuracy_mean 0.7750", status.Output);
        Assert.Contains("failed: trial 2: ArgumentOutOfRangeException: bad step", status.Output);
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
