using DiyNet.Data;
using System.Numerics.Tensors;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Data;

public class CsvLoaderTests
{
    private static DataFormatException Fails(string text, CsvOptions? options = null)
    {
        using var dir = new TempFolder();
        string path = dir.File("bad.csv", text);
        return Assert.Throws<DataFormatException>(() => CsvLoader.Load(path, options));
    }

    [Fact]
    public void EmbeddedDigitsMatchTheSharedFile()
    {
        var d = EmbeddedData.Digits();
        Assert.Equal("digits", d.Name);
        Assert.Equal([1797, 64], d.X.Shape.ToArray());
        Assert.Equal((8, 8), d.ImageSize);
        Assert.Equal(10, d.ClassCount);
        Assert.Equal([178, 182, 177, 183, 181, 182, 181, 179, 174, 180], d.ClassCounts());
        Assert.Equal(0f, TensorPrimitives.Min(d.X.Span));
        Assert.Equal(16f, TensorPrimitives.Max(d.X.Span));
        Assert.Equal([1797, 8, 8, 1], d.Images().Shape.ToArray());

        var shared = CsvLoader.Load(SharedData.Path("digits", "digits.csv.gz"));
        Assert.Equal("digits", shared.Name);
        Assert.Equal(shared.Labels, d.Labels);
        Assert.True(shared.X.Span.SequenceEqual(d.X.Span));
        Assert.False(ReferenceEquals(EmbeddedData.Digits().X, d.X), "each call must return a fresh copy");
    }

    [Fact]
    public void DelimiterHeaderAndLabelColumnOptions()
    {
        using var dir = new TempFolder();
        string path = dir.File("semi.csv", "label; a; b\n1; 0.5; -2\n\n0;3;4e1\n");
        var d = CsvLoader.Load(path, new CsvOptions { Delimiter = ';', HasHeader = true, LabelColumn = 0 });
        Assert.Equal([1, 0], d.Labels);
        Assert.Equal(2, d.ClassCount);
        Assert.Equal([0.5f, -2f, 3f, 40f], d.X.Span.ToArray());
    }

    [Fact]
    public void WrongColumnCountNamesTheLine()
    {
        var e = Fails("1,2,3\n4,5,6\n7,8\n");
        Assert.Equal("bad.csv, line 3: expected 3 columns, found 2.", e.Message);
        Assert.Equal(3, e.Line);
        Assert.Equal("bad.csv, line 3: expected 3 columns, found 2.", Fails("a,b,label\n1,2,0\n1,0\n", new CsvOptions { HasHeader = true }).Message);
    }

    [Fact]
    public void NonNumericValueNamesLineColumnAndText()
    {
        Assert.Equal("bad.csv, line 2, column 2: \"x1\" is not a number.", Fails("1,2,3\n4,x1,6\n").Message);
    }

    [Fact]
    public void BadLabelsAreReported()
    {
        Assert.Equal("bad.csv, line 1, column 3: label \"3.5\" is not a non-negative integer.", Fails("1,2,3.5\n").Message);
        Assert.Equal("bad.csv, line 2, column 3: label 10 is outside 0..9.", Fails("1,2,3\n1,2,10\n", new CsvOptions { ClassCount = 10 }).Message);
    }

    [Fact]
    public void EmptyFileAndSingleColumnAreReported()
    {
        Assert.Equal("bad.csv: no data rows.", Fails("\n\n").Message);
        Assert.Equal("bad.csv, line 1: expected at least 2 columns (features and a label) separated by ',', found 1.", Fails("1;2;3\n").Message);
    }
}
