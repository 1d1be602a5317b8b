using DiyNet.Plots;
using Xunit;

namespace DiyNet.Tests.Plots;

public class LineChartTests
{
    private static readonly int[] Epochs = Enumerable.Range(1, 50).ToArray();

    [Fact]
    public void EachSeriesIsOnePathWithALegendEntry()
    {
        var chart = new LineChart { Title = "Loss", XLabel = "epoch", YLabel = "loss" }
            .Add("train", Epochs, Epochs.Select(e => 1.0 / e))
            .Add("test", Epochs, Epochs.Select(e => 1.2f / e))
            .Add("baseline", Epochs, Epochs.Select(_ => 0.5), dashed: true);
        var doc = SvgDoc.Parse(chart.ToSvg());
        var paths = doc.ByClass("series");
        Assert.Equal(3, paths.Count);
        Assert.All(paths, p => Assert.Equal(1, SvgDoc.Subpaths(p)));
        Assert.Equal(["train", "test", "baseline"], doc.Texts("legend-entry"));
        Assert.Equal("6 3", (string?)paths[2].Attribute("stroke-dasharray"));
        Assert.Equal(Palette.Color(1), (string?)paths[1].Attribute("stroke"));
        Assert.Equal(["Loss"], doc.Texts("title"));
        Assert.Equal(["epoch"], doc.Texts("xlabel"));
        Assert.Equal(["loss"], doc.Texts("ylabel"));
        Assert.Empty(doc.ByClass("markers"));
    }

    [Fact]
    public void TicksCoverTheDataWithNiceNumbers()
    {
        var doc = SvgDoc.Parse(new LineChart().Add("a", new[] { 0.0, 10, 20 }, new[] { 0.03, 0.5, 0.87 }).ToSvg());
        var y = doc.Texts("ytick");
        Assert.Equal("0.0", y[0]);
        Assert.Equal("1.0", y[^1]);
        Assert.Equal(["0", "5", "10", "15", "20"], doc.Texts("xtick"));
    }

    [Fact]
    public void LogAxisSkipsValuesItCannotShow()
    {
        var chart = new LineChart { LogY = true }.Add("loss", new[] { 1, 2, 3, 4, 5 }, new[] { 1.0, 0.1, 0, -1, 0.001 });
        var doc = SvgDoc.Parse(chart.ToSvg());
        Assert.Equal(["0.001", "0.01", "0.1", "1"], doc.Texts("ytick"));
        var series = Assert.Single(doc.ByClass("series"));
        Assert.Equal(1, SvgDoc.Subpaths(series)); // (1, 1) – (2, 0.1); then 0 and −1 are skipped
        Assert.Equal(1, SvgDoc.Dots(Assert.Single(doc.ByClass("markers")))); // (5, 0.001) alone shows as a dot
    }

    [Fact]
    public void NaNBreaksTheLine()
    {
        var chart = new LineChart { Markers = true }.Add("a", new[] { 1, 2, 3, 4, 5 }, new[] { 1, 2, double.NaN, 4, 5 });
        var doc = SvgDoc.Parse(chart.ToSvg());
        Assert.Equal(2, SvgDoc.Subpaths(Assert.Single(doc.ByClass("series"))));
        Assert.Equal(4, SvgDoc.Dots(Assert.Single(doc.ByClass("markers"))));
    }

    [Fact]
    public void DegenerateInputsStillGiveValidFigures()
    {
        SvgDoc.Parse(new LineChart().ToSvg());
        SvgDoc.Parse(new LineChart { LogY = true }.ToSvg());
        var allNaN = SvgDoc.Parse(new LineChart().Add("nan", new[] { 1.0, 2 }, new[] { double.NaN, double.PositiveInfinity }).ToSvg());
        Assert.Empty(allNaN.ByClass("series"));
        Assert.Equal(["nan"], allNaN.Texts("legend-entry"));
        var constant = SvgDoc.Parse(new LineChart().Add("c", new[] { 1, 2, 3 }, new[] { 0.5, 0.5, 0.5 }).ToSvg());
        Assert.True(constant.Texts("ytick").Count >= 2);
        SvgDoc.Parse(new LineChart().Add("one", new[] { 3 }, new[] { 7.0 }).ToSvg());
        SvgDoc.Parse(new LineChart { LogX = true, LogY = true }.Add("huge", new[] { 1e-30, 1e30 }, new[] { 1e-300, 1e300 }).ToSvg());
    }

    [Fact]
    public void FixedLimitsAreHonoured()
    {
        var chart = new LineChart { YMin = 0, YMax = 1 }.Add("a", new[] { 1, 2 }, new[] { -5.0, 5.0 });
        var doc = SvgDoc.Parse(chart.ToSvg());
        var y = doc.Texts("ytick");
        Assert.Equal(("0.0", "1.0"), (y[0], y[^1]));
    }

    [Fact]
    public void HistoryOverloadCountsEpochsFromOne()
    {
        var doc = SvgDoc.Parse(new LineChart().Add("loss", new float[] { 3, 2, 1 }).ToSvg());
        Assert.Equal(["1", "2", "3"], doc.Texts("xtick"));
    }

    [Fact]
    public void InvalidInputIsReported()
    {
        var e = Assert.Throws<ArgumentException>(() => new LineChart().Add("train", new[] { 1, 2 }, new[] { 1.0 }));
        Assert.Contains("\"train\"", e.Message);
        Assert.Contains("x has 2 values, y has 1", e.Message);
        Assert.Throws<ArgumentException>(() => new LineChart().Add("a", new[] { 1 }, new[] { 1 }, color: "red"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineChart { LogY = true, YMin = 0 }.Add("a", new[] { 1 }, new[] { 1 }).ToSvg());
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineChart { Width = 10 });
    }

    [Fact]
    public void LegendAvoidsTheData()
    {
        // A falling curve fills the top-left and bottom-right corners: the legend goes top right.
        var falling = SvgDoc.Parse(new LineChart().Add("loss", Epochs, Epochs.Select(e => 1.0 / e)).ToSvg());
        var box = falling.ByClass("legend").Single().Elements().First();
        Assert.True((double)box.Attribute("x")! > 320);
        Assert.True((double)box.Attribute("y")! < 100);
        // Curves through every corner: the legend goes outside, right of the plot.
        var x = new[] { 0.0, 1, 2, 3, 4 };
        var crowded = new LineChart().Add("a", x, new[] { 0.0, 1, 0, 1, 0 }).Add("b", x, new[] { 1.0, 0, 1, 0, 1 });
        var doc = SvgDoc.Parse(crowded.ToSvg());
        double legendX = (double)doc.ByClass("legend").Single().Elements().First().Attribute("x")!;
        double plotRight = doc.ByClass("grid").Single().Elements().Max(l => (double?)l.Attribute("x2") ?? 0);
        Assert.True(legendX > plotRight, $"legend at x = {legendX}, plot ends at {plotRight}");
    }
}
