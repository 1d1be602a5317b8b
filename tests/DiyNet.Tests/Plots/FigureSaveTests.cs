using System.Text;
using DiyNet.Plots;
using Xunit;

namespace DiyNet.Tests.Plots;

public class FigureSaveTests
{
    [Fact]
    public void SaveWritesUtf8WithoutBomReplacesTheFileAndLeavesNoTemporaryFile()
    {
        string folder = Path.Combine(Path.GetTempPath(), "diynet-plots-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path = Path.Combine(folder, "sub", "loss.svg");
            var chart = new LineChart { Title = "Loss − é" }.Add("train", new[] { 1, 2 }, new[] { 1.0, 0.5 });
            chart.Save(path);
            File.WriteAllText(path, "stale");
            chart.Save(path);
            byte[] bytes = File.ReadAllBytes(path);
            Assert.NotEqual(0xEF, bytes[0]);
            Assert.Equal(chart.ToSvg(), Encoding.UTF8.GetString(bytes));
            Assert.Equal(["loss.svg"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AFigureThatCannotBeDrawnLeavesTheOldFile()
    {
        string path = Path.Combine(Path.GetTempPath(), "diynet-plots-" + Guid.NewGuid().ToString("N") + ".svg");
        try
        {
            File.WriteAllText(path, "old");
            var broken = new LineChart { LogY = true, YMin = -1 }.Add("a", new[] { 1 }, new[] { 1 });
            Assert.Throws<ArgumentOutOfRangeException>(() => broken.Save(path));
            Assert.Equal("old", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ToStringShowsTheConfiguration()
    {
        Assert.Equal("LineChart(1 series, log y, \"Loss\")", new LineChart { Title = "Loss", LogY = true }.Add("a", new[] { 1 }, new[] { 1 }).ToString());
        Assert.Equal("ImageGrid(0 images of 16×16, 10 columns)", new ImageGrid(16, 16).ToString());
        Assert.Equal("Heatmap(2×3, Rows normalized)", new Heatmap(new int[2, 3]) { Normalization = HeatmapNormalization.Rows }.ToString());
        Assert.Equal("Colormap(viridis)", Colormap.Viridis.ToString());
    }
}
