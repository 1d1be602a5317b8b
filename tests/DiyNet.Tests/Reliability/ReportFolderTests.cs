using DiyNet.Cli.Experiments;
using DiyNet.Cli.Reports;
using DiyNet.Tests.Data;
using Xunit;

namespace DiyNet.Tests.Reliability;

/// <summary>An interrupted report leaves no report that looks complete; a folder in use is refused.</summary>
public class ReportFolderTests
{
    // Writes a figure, then stops as Ctrl-C would: with an exception the runner does not catch.
    private sealed class InterruptedExperiment : Experiment
    {
        public override string Name => "interrupted";
        public override string Title => "Interrupted";
        public override string Source => "test";

        public override void Run(ExperimentContext context)
        {
            context.Figure("interrupted.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "half a run");
            throw new OperationCanceledException("interrupted");
        }
    }

    private static int Quietly(Func<int> run)
    {
        var saved = Console.Error;
        Console.SetError(TextWriter.Null);
        try { return run(); }
        finally { Console.SetError(saved); }
    }

    [Fact]
    public void AnInterruptedRunOverAnEarlierReportLeavesNoReportAndNoStaleFigures()
    {
        using var temp = new TempFolder();
        string dir = Path.Combine(temp.Root, "report");
        Assert.Equal(0, ExperimentRunner.Run([ExperimentCatalog.Find("linear-regression")!], dir, null, 1, "first", quiet: true));
        string report = Path.Combine(dir, "report.md");
        Assert.True(File.Exists(report));
        var oldFigures = Directory.GetFiles(Path.Combine(dir, "figures"), "*.svg");
        Assert.NotEmpty(oldFigures);

        Assert.Throws<OperationCanceledException>(() =>
            ExperimentRunner.Run([new InterruptedExperiment(), ExperimentCatalog.Find("linear-regression")!], dir, null, 1, "second", quiet: true));
        Assert.False(File.Exists(report), "the earlier report.md survived an interrupted run and looks complete");
        Assert.All(oldFigures, f => Assert.False(File.Exists(f), $"stale figure {Path.GetFileName(f)} of the earlier run"));
        Assert.False(File.Exists(Path.Combine(dir, ReportFolder.LockName)), "the lock file outlived the run");

        Assert.Equal(0, ExperimentRunner.Run([ExperimentCatalog.Find("linear-regression")!], dir, null, 1, "third", quiet: true));
        Assert.Contains("# third", File.ReadAllText(report));
    }

    [Fact]
    public void ASecondReportIntoAFolderInUseIsRefused()
    {
        using var temp = new TempFolder();
        string dir = Path.Combine(temp.Root, "report");
        Directory.CreateDirectory(dir);
        string earlier = Path.Combine(dir, "report.md");
        File.WriteAllText(earlier, "# the running report's");
        using (new FileStream(Path.Combine(dir, ".diynet-report.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var error = new StringWriter();
            var saved = Console.Error;
            Console.SetError(error);
            int code;
            try { code = ExperimentRunner.Run([ExperimentCatalog.Find("linear-regression")!], dir, null, 1, "second", quiet: true); }
            finally { Console.SetError(saved); }
            Assert.Equal(2, code);
            Assert.Contains($"output folder '{dir}' is in use by another report", error.ToString());
            Assert.Equal("# the running report's", File.ReadAllText(earlier));
        }
        Assert.Equal(0, Quietly(() => ExperimentRunner.Run([ExperimentCatalog.Find("linear-regression")!], dir, null, 1, "after", quiet: true)));
    }
}
