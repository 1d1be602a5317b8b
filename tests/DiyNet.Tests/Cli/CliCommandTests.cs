using System.Xml.Linq;
using Xunit;

namespace DiyNet.Tests.Cli;

/// <summary>
/// The <c>diynet</c> commands run as a process, as a user runs them; <c>.ci/run</c> runs this group again against
/// the Native AOT executable (<see cref="CliProcess.ExecutableVariable"/>).
/// </summary>
[Trait(TestGroup.Name, TestGroup.Cli)]
public class CliCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void VersionPrintsThePackageVersionAndTheVectorHardware()
    {
        var run = CliProcess.Run(Timeout, null, "--version");
        Assert.True(run.ExitCode == 0, $"{CliProcess.Describe()} --version: exit {run.ExitCode}\n{run.Error}");
        Assert.StartsWith("0.1.0", run.Output.Trim());
        run = CliProcess.Run(Timeout, null, "version");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("DiyNet 0.1.0", run.Output);
        Assert.Contains("Vector512", run.Output);
    }

    [Fact]
    public void ExperimentWithoutANameListsTheExperiments()
    {
        var run = CliProcess.Run(Timeout, null, "experiment");
        Assert.Equal(0, run.ExitCode);
        foreach (string name in new[] { "linear-regression", "checkerboard", "digits-studies", "usps-mlp" })
            Assert.Contains(name, run.Output);
    }

    [Fact]
    public void AnUnknownExperimentIsRefusedWithTheKnownNames()
    {
        var run = CliProcess.Run(Timeout, null, "experiment", "no-such-experiment");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no experiment 'no-such-experiment'", run.Error);
        Assert.Contains("four-gaussians", run.Error);
    }

    [Fact]
    public void AnExperimentWritesItsReportAndFigures()
    {
        string dir = Path.Combine(Path.GetTempPath(), "diynet-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = CliProcess.Run(Timeout, null, "experiment", "four-gaussians", "--out", dir);
            Assert.True(run.ExitCode == 0, $"{CliProcess.Describe()}: exit {run.ExitCode}\n{run.Output}\n{run.Error}");
            string report = File.ReadAllText(Path.Combine(dir, "four-gaussians", "report.md"));
            Assert.Contains("four Gaussians", report);
            Assert.DoesNotContain("✘", report);
            var figures = Directory.GetFiles(Path.Combine(dir, "four-gaussians", "figures"), "*.svg");
            Assert.NotEmpty(figures);
            foreach (string figure in figures) Assert.Equal("svg", XDocument.Load(figure).Root!.Name.LocalName);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void BenchListsItsWorkloadsAndTimesOne()
    {
        var run = CliProcess.Run(Timeout, null, "bench", "--list");
        Assert.Equal(0, run.ExitCode);
        foreach (string id in new[] { "a", "c", "h1" }) Assert.Contains(id, run.Output);
        string json = Path.Combine(Path.GetTempPath(), "diynet-bench-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            run = CliProcess.Run(Timeout, null, "bench", "--only", "c", "--runs", "1", "--json", json);
            Assert.True(run.ExitCode == 0, $"{CliProcess.Describe()}: exit {run.ExitCode}\n{run.Output}\n{run.Error}");
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
            Assert.Equal(System.Text.Json.JsonValueKind.Object, document.RootElement.ValueKind);
        }
        finally
        {
            File.Delete(json);
        }
    }
}
