using DiyNet.Plots;
using Xunit;

namespace DiyNet.Tests.Plots;

public class HeatmapTests
{
    private static int[,] Confusion()
    {
        var counts = new int[10, 10];
        for (int t = 0; t < 10; t++)
            for (int p = 0; p < 10; p++) counts[t, p] = t == p ? 90 + t : (t + p) % 3;
        return counts;
    }

    [Fact]
    public void ConfusionMatrixHasOneCellAndValuePerEntry()
    {
        var doc = SvgDoc.Parse(Heatmap.ConfusionMatrix(Confusion()).ToSvg());
        Assert.Equal(100, doc.ByClass("cell").Count);
        var values = doc.Texts("value");
        Assert.Equal(100, values.Count);
        Assert.Equal("90", values[0]);
        Assert.Equal("99", values[99]);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString()), doc.Texts("row-label"));
        Assert.Equal(["predicted"], doc.Texts("xlabel"));
        Assert.Equal(["true"], doc.Texts("ylabel"));
        Assert.Single(doc.ByClass("colorbar"));
        // The darkest cell gets white text.
        Assert.Equal("#ffffff", (string?)doc.ByClass("value")[99].Attribute("fill"));
    }

    [Fact]
    public void RowNormalizationGivesFractions()
    {
        var map = new Heatmap(new[,] { { 1, 3 }, { 0, 0 } }) { Normalization = HeatmapNormalization.Rows };
        var v = map.NormalizedValues();
        Assert.Equal((0.25, 0.75, 0.0, 0.0), (v[0, 0], v[0, 1], v[1, 0], v[1, 1]));
        Assert.Equal(["0.25", "0.75", "0.00", "0.00"], SvgDoc.Parse(map.ToSvg()).Texts("value"));
        var columns = new Heatmap(new[,] { { 1, 3 }, { 1, 1 } }) { Normalization = HeatmapNormalization.Columns }.NormalizedValues();
        Assert.Equal((0.5, 0.75), (columns[0, 0], columns[0, 1]));
        var all = new Heatmap(new[,] { { 1f, 3 } }) { Normalization = HeatmapNormalization.All }.NormalizedValues();
        Assert.Equal(0.25, all[0, 0]);
    }

    [Fact]
    public void LongColumnLabelsAreTurned()
    {
        string[] names = ["T-shirt/top", "Trouser", "Pullover"];
        var doc = SvgDoc.Parse(Heatmap.ConfusionMatrix(new int[3, 3], names).ToSvg());
        Assert.All(doc.ByClass("column-label"), l => Assert.StartsWith("rotate(-45", (string?)l.Attribute("transform")));
        Assert.Equal(names, doc.Texts("column-label"));
    }

    [Fact]
    public void NonFiniteValuesAndFormatsAreHandled()
    {
        var doc = SvgDoc.Parse(new Heatmap(new[,] { { double.NaN, -1.5 }, { 2, 0.125 } }) { ValueFormat = "0.0", Colormap = Colormap.BlueRed, Title = "<&>" }.ToSvg());
        Assert.Equal(["−1.5", "2.0", "0.1"], doc.Texts("value"));
        Assert.Equal(["<&>"], doc.Texts("title"));
    }

    [Fact]
    public void InvalidInputIsReported()
    {
        Assert.Throws<ArgumentException>(() => new Heatmap(new double[0, 3]));
        Assert.Throws<ArgumentException>(() => Heatmap.ConfusionMatrix(new int[2, 3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Heatmap(new int[1, 1]) { CellSize = 2 });
    }
}
