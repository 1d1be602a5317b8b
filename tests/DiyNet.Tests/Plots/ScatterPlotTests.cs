using DiyNet.Plots;
using Xunit;

namespace DiyNet.Tests.Plots;

public class ScatterPlotTests
{
    private static (double[] X, double[] Y, int[] Labels) Blobs(int seed, int n, int classes)
    {
        var random = new Random(seed);
        var x = new double[n];
        var y = new double[n];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % classes;
            double angle = 2 * Math.PI * labels[i] / classes;
            x[i] = 10 * Math.Cos(angle) + random.NextDouble() * 4;
            y[i] = 10 * Math.Sin(angle) + random.NextDouble() * 4;
        }
        return (x, y, labels);
    }

    [Fact]
    public void PointsAreGroupedByClassWithOneLegendEntryEach()
    {
        var (x, y, labels) = Blobs(seed: 3, n: 3000, classes: 10);
        var plot = new ScatterPlot { Title = "embedding" }.Add(x, y, labels);
        string svg = plot.ToSvg();
        var doc = SvgDoc.Parse(svg);
        var paths = doc.ByClass("points");
        Assert.Equal(10, paths.Count);
        Assert.Equal(3000, paths.Sum(SvgDoc.Dots));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString()), doc.Texts("legend-entry"));
        Assert.Equal(Enumerable.Range(0, 10).Select(Palette.Color), paths.Select(p => (string)p.Attribute("stroke")!));
        Assert.True(svg.Length < 3000 * 16, $"{svg.Length} bytes for 3000 points");
    }

    [Fact]
    public void ClassNamesLabelTheLegend()
    {
        var doc = SvgDoc.Parse(new ScatterPlot { ClassNames = ["neg", "pos"] }.Add(new[] { 0.0, 1, 2 }, new[] { 0f, 1, 0 }, new[] { 1, 0, 2 }).ToSvg());
        Assert.Equal(["neg", "pos", "2"], doc.Texts("legend-entry"));
    }

    [Fact]
    public void PointsGivenAsRowsOfAMatrixAreAccepted()
    {
        var doc = SvgDoc.Parse(new ScatterPlot().Add(new float[,] { { 0, 0 }, { 1, 1 }, { 2, 0.5f } }, [0, 0, 1]).ToSvg());
        Assert.Equal(3, doc.ByClass("points").Sum(SvgDoc.Dots));
    }

    [Fact]
    public void DecisionRegionsAreOneImageWithTheGridFlippedUpright()
    {
        var grid = new int[3, 4];
        grid[0, 0] = 1; // bottom-left cell
        var plot = new ScatterPlot().Add(new[] { -1.0, 1 }, new[] { -1.0, 1 }, new[] { 0, 1 }).DecisionRegions(grid, -2, 2, -3, 3);
        var doc = SvgDoc.Parse(plot.ToSvg());
        var image = Assert.Single(doc.ByClass("regions"));
        var (w, h, c, pixels) = PngReader.DecodeDataUri((string)image.Attribute("href")!);
        Assert.Equal((4, 3, 3), (w, h, c));
        byte[] Rgb(int row, int col) => pixels.AsSpan((row * 4 + col) * 3, 3).ToArray();
        Assert.Equal(Rgb(0, 1), Rgb(0, 0));           // top row: class 0 everywhere
        Assert.NotEqual(Rgb(2, 1), Rgb(2, 0));        // bottom row: class 1 at the left
        var x = doc.Texts("xtick");
        Assert.Equal(("−2.0", "2.0"), (x[0], x[^1])); // the axes span the grid's extent
    }

    [Fact]
    public void ProbabilityRegionsAreWhiteOnTheBoundary()
    {
        var p = new float[1, 3] { { 0f, 0.5f, 1f } };
        var doc = SvgDoc.Parse(new ScatterPlot().DecisionRegions(p, 0, 3, 0, 1).ToSvg());
        var (_, _, _, pixels) = PngReader.DecodeDataUri((string)doc.ByClass("regions").Single().Attribute("href")!);
        Assert.Equal(new byte[] { 255, 255, 255 }, pixels[3..6]);
        Assert.NotEqual(pixels[0..3], pixels[6..9]);
    }

    [Fact]
    public void InvalidInputIsReported()
    {
        Assert.Throws<ArgumentException>(() => new ScatterPlot().Add(new[] { 1.0 }, new[] { 1.0, 2 }, [0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScatterPlot().Add(new[] { 1.0 }, new[] { 1.0 }, [-1]));
        Assert.Throws<ArgumentException>(() => new ScatterPlot().Add(new float[2, 3], [0, 0]));
        Assert.Throws<ArgumentException>(() => new ScatterPlot().DecisionRegions(new int[0, 0], 0, 1, 0, 1));
        Assert.Throws<ArgumentException>(() => new ScatterPlot().DecisionRegions(new int[2, 2], 1, 0, 0, 1));
    }

    [Fact]
    public void EmptyAndNonFiniteInputsStillRender()
    {
        SvgDoc.Parse(new ScatterPlot().ToSvg());
        var doc = SvgDoc.Parse(new ScatterPlot().Add(new[] { double.NaN, 1, 1 }, new[] { 0.0, 2, 2 }, [0, 0, 0]).ToSvg());
        Assert.Equal(2, SvgDoc.Dots(doc.ByClass("points").Single()));
    }
}
