using System.Xml.Linq;
using DiyNet.Cli.Experiments;
using DiyNet.Cli.Reports;
using DiyNet.Serialization;
using Xunit;

namespace DiyNet.Tests.Cli;

public class ExperimentRunnerTests
{
    [Fact]
    public void AnExperimentWritesItsReportWithValidFiguresAndMetTargets()
    {
        string dir = Path.Combine(Path.GetTempPath(), "diynet-e2e-" + Guid.NewGuid().ToString("N"));
        try
        {
            var experiments = new[] { ExperimentCatalog.Find("linear-regression")!, ExperimentCatalog.Find("four-gaussians")! };
            int code = ExperimentRunner.Run(experiments, dir, dataDirectory: null, seed: 1, "test report", quiet: true);
            Assert.Equal(0, code);
            string report = File.ReadAllText(Path.Combine(dir, "report.md"));
            Assert.Contains("## Linear regression", report);
            Assert.Contains("## Sequential and mini-batch SGD on four Gaussians", report);
            Assert.DoesNotContain("✘", report);
            var figures = Directory.GetFiles(Path.Combine(dir, "figures"), "*.svg");
            Assert.True(figures.Length >= 4, $"only {figures.Length} figures written");
            foreach (var f in figures)
            {
                Assert.Contains(Path.GetFileName(f), report);
                Assert.Equal("svg", XDocument.Load(f).Root!.Name.LocalName);
            }
            // The trained networks are kept, loadable, and inspect describes them.
            string model = Path.Combine(dir, "models", "four-gaussians.safetensors");
            Assert.Contains("models/four-gaussians.safetensors", report);
            Assert.StartsWith("Sequential(", DiyNet.Modules.Module.Load(model).ToString());
            Assert.True(File.Exists(Path.Combine(dir, "models", "linear-regression.safetensors")));
            string inspect = DiyNet.Cli.Commands.InspectCommand.Describe(model);
            Assert.Contains("parameters: 65", inspect);
            Assert.Contains("0.weight", inspect);
            Assert.Contains("(2, 16)", inspect);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ExperimentsThatNeedDataAreSkippedWithoutIt()
    {
        string dir = Path.Combine(Path.GetTempPath(), "diynet-e2e-" + Guid.NewGuid().ToString("N"));
        try
        {
            int code = ExperimentRunner.Run([ExperimentCatalog.Find("usps-mlp")!], dir, dataDirectory: null, seed: 1, "test", quiet: true);
            Assert.Equal(0, code);
            Assert.Contains("*usps-mlp* was skipped: it needs `--data DIR`.", File.ReadAllText(Path.Combine(dir, "report.md")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
