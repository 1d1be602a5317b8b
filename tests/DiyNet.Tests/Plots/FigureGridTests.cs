using DiyNet.Plots;
using Xunit;

namespace DiyNet.Tests.Plots;

public class FigureGridTests
{
    [Fact]
    public void PanelsAreLaidOutWithUniqueIds()
    {
        var grid = new FigureGrid(2) { Title = "four configurations" };
        for (int c = 0; c < 4; c++)
            grid.Add(new LineChart { Title = $"config {c}", Width = 400, Height = 300 }.Add("train", new[] { 1, 2, 3 }, new[] { 3.0 - c, 2, 1 }));
        grid.Add(new ImageGrid(2, 2).Add(new float[4]));
        var doc = SvgDoc.Parse(grid.ToSvg());
        Assert.Equal(5, doc.ByClass("panel").Count);
        var ids = doc.Descendants().Select(e => (string?)e.Attribute("id")).Where(id => id is not null).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(["four configurations", "config 0", "config 1", "config 2", "config 3"], doc.Texts("title"));
        Assert.Equal(800 + 8, (double)doc.Root!.Attribute("width")!);
    }

    [Fact]
    public void SharedYGivesEveryPanelTheSameTicks()
    {
        var grid = new FigureGrid(2) { ShareY = true }
            .Add(new LineChart().Add("a", new[] { 1, 2 }, new[] { 0.1, 0.2 }))
            .Add(new LineChart().Add("b", new[] { 1, 2 }, new[] { 5.0, 9.0 }));
        var panels = SvgDoc.Parse(grid.ToSvg()).ByClass("panel");
        var ticks = panels.Select(p => string.Join(" ", p.Descendants().Where(e => (string?)e.Attribute("class") == "ytick").Select(e => e.Value))).ToList();
        Assert.Equal(ticks[0], ticks[1]);
        Assert.Equal("0 2 4 6 8 10", ticks[0]);
    }

    [Fact]
    public void InvalidInputIsReported()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FigureGrid(0));
        var grid = new FigureGrid();
        Assert.Throws<ArgumentException>(() => grid.Add(grid));
        SvgDoc.Parse(grid.ToSvg());
    }
}
