using DiyNet.Plots;
using Xunit;

namespace DiyNet.Tests.Plots;

public class BarChartTests
{
    [Fact]
    public void GroupedBarsHaveOneRectAndLabelPerValue()
    {
        var chart = new BarChart { Title = "purity", Categories = Enumerable.Range(0, 10).Select(i => $"c{i}").ToArray() }
            .Add("raw pixels", Enumerable.Range(0, 10).Select(i => 0.5 + i * 0.04))
            .Add("latent codes", Enumerable.Range(0, 10).Select(i => 0.6 + i * 0.03));
        var doc = SvgDoc.Parse(chart.ToSvg());
        Assert.Equal(20, doc.ByClass("bar").Count);
        var values = doc.Texts("value");
        Assert.Equal(20, values.Count);
        Assert.Equal("0.50", values[0]);
        Assert.Equal(["raw pixels", "latent codes"], doc.Texts("legend-entry"));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"c{i}"), doc.Texts("xtick"));
        Assert.Equal("0.0", doc.Texts("ytick")[0]);
    }

    [Fact]
    public void SingleSeriesHasNoLegendAndErrorBarsAreDrawn()
    {
        var chart = new BarChart { Categories = ["a", "b", "c"] }.Add("accuracy", new[] { 88.1, 91.5, 96.4 }, new[] { 0.9, 0.6, 0.0 });
        var doc = SvgDoc.Parse(chart.ToSvg());
        Assert.Empty(doc.ByClass("legend"));
        Assert.Equal(["88.1", "91.5", "96.4"], doc.Texts("value"));
        Assert.Equal(2 * 3, SvgDoc.Subpaths(doc.ByClass("error-bars").Single())); // bar and two caps, for the two non-zero errors
    }

    [Fact]
    public void NegativeValuesHangFromZero()
    {
        var doc = SvgDoc.Parse(new BarChart().Add("d", new[] { -2, 3 }).ToSvg());
        var bars = doc.ByClass("bar");
        double Bottom(System.Xml.Linq.XElement r) => (double)r.Attribute("y")! + (double)r.Attribute("height")!;
        Assert.InRange((double)bars[0].Attribute("y")! - Bottom(bars[1]), -0.02, 0.02); // both meet at the zero line
        Assert.Equal(["−2", "3"], doc.Texts("value"));
        Assert.Contains("0", doc.Texts("ytick"));
    }

    [Fact]
    public void InvalidInputIsReported()
    {
        Assert.Throws<ArgumentException>(() => new BarChart().Add("a", new[] { 1, 2 }).Add("b", new[] { 1 }));
        Assert.Throws<ArgumentException>(() => new BarChart().Add("a", new[] { 1, 2 }, new[] { 1 }));
        Assert.Throws<ArgumentException>(() => new BarChart { Categories = ["x"] }.Add("a", new[] { 1, 2 }).ToSvg());
        SvgDoc.Parse(new BarChart().ToSvg());
        SvgDoc.Parse(new BarChart().Add("nan", new[] { double.NaN, 1 }).ToSvg());
    }
}
