using DiyNet.Data;
using Xunit;

namespace DiyNet.Tests.Data;

public class CsvTableReaderTests
{
    private const string Flowers = "width,height,species\n1.5,2,\"setosa\"\n\n3,4.25,versicolor\n-1e-1,0,setosa\n";

    private static string Fails(string text, string? target = null, string[]? features = null)
    {
        using var reader = new CsvTableReader(new StringReader(text), "t.csv", target, features);
        return Assert.Throws<DataFormatException>(() => reader.ReadAll()).Message;
    }

    private static string HeaderFails(string text, string? target = null, string[]? features = null) =>
        Assert.Throws<DataFormatException>(() => new CsvTableReader(new StringReader(text), "t.csv", target, features)).Message;

    [Fact]
    public void ReadsFeaturesAndTargetByName()
    {
        using var reader = new CsvTableReader(new StringReader(Flowers), "flowers.csv", target: "species");
        Assert.Equal(["width", "height"], reader.FeatureNames);
        var chunk = reader.ReadAll();
        Assert.Equal([3, 2], chunk.X.Shape.ToArray());
        Assert.Equal([1.5f, 2f, 3f, 4.25f, -0.1f, 0f], chunk.X.Span.ToArray());
        Assert.Equal(["setosa", "versicolor", "setosa"], chunk.Targets!);
        Assert.Equal([2, 4, 5], chunk.Lines);
        string[] classes = CsvTableReader.ClassNamesOf(chunk);
        Assert.Equal(["setosa", "versicolor"], classes);
        Assert.Equal([0, 1, 0], reader.ClassIndices(chunk, classes));
    }

    [Fact]
    public void FeatureListChoosesAndOrdersColumns()
    {
        using var reader = new CsvTableReader(new StringReader("a,b,c,y\n1,2,3,0.5\n"), "t.csv", "y", ["c", "a"]);
        var chunk = reader.ReadAll();
        Assert.Equal([3f, 1f], chunk.X.Span.ToArray());
        Assert.Equal([0.5f], reader.TargetValues(chunk).Span.ToArray());
    }

    [Fact]
    public void IntegerClassesSortNumerically()
    {
        using var reader = new CsvTableReader(new StringReader("x,y\n0,10\n0,2\n0,-1\n0,2\n"), "t.csv");
        Assert.Equal(["-1", "2", "10"], CsvTableReader.ClassNamesOf(reader.ReadAll()));
    }

    [Fact]
    public void ChunksStreamTheFileInOrder()
    {
        string text = "x,y\n" + string.Join("\n", Enumerable.Range(0, 10).Select(i => $"{i},{i % 2}"));
        using var reader = new CsvTableReader(new StringReader(text), "t.csv");
        var sizes = new List<int>();
        var values = new List<float>();
        while (reader.ReadChunk(4) is { } chunk)
        {
            sizes.Add(chunk.Count);
            values.AddRange(chunk.X.Span.ToArray());
        }
        Assert.Equal([4, 4, 2], sizes);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)i), values);
    }

    [Fact]
    public void FeaturesOnlyIgnoresATargetColumnPresent()
    {
        using var reader = new CsvTableReader(new StringReader("a,y,b\n1,cat,2\n"), "t.csv", "y", readTarget: false);
        Assert.Null(reader.TargetName);
        Assert.Equal(["a", "b"], reader.FeatureNames);
        var chunk = reader.ReadAll();
        Assert.Null(chunk.Targets);
        Assert.Equal([1f, 2f], chunk.X.Span.ToArray());
    }

    [Fact]
    public void MalformedInputsNameLineColumnAndName()
    {
        Assert.Equal("t.csv, line 3, column 2: missing value in column \"b\".", Fails("a,b,y\n1,2,0\n3,,1\n"));
        Assert.Equal("t.csv, line 2, column 1: \"abc\" in column \"a\" is not a number.", Fails("a,b,y\nabc,2,0\n"));
        Assert.Equal("t.csv, line 2, column 1: \"NaN\" in column \"a\" is not a number.", Fails("a,b,y\nNaN,2,0\n"));
        Assert.Equal("t.csv, line 2: expected 3 columns as in the header, found 2.", Fails("a,b,y\n1,2\n"));
        Assert.Equal("t.csv, line 2, column 3: missing value in the target column \"y\".", Fails("a,b,y\n1,2,\n"));
        Assert.Equal("t.csv: no data rows after the header.", Fails("a,b,y\n"));
        Assert.Equal("t.csv, line 2: unclosed quote.", Fails("a,b,y\n1,2,\"x\n"));
        Assert.Equal("t.csv: empty file; expected a header line naming the columns.", HeaderFails(""));
        Assert.Equal("t.csv: no target column \"spieces\" (did you mean \"species\"?); the header has \"a\", \"species\".",
            HeaderFails("a,species\n", target: "spieces"));
        Assert.Equal("t.csv, line 1, column 2: column name \"a\" appears twice (columns 1 and 2).", HeaderFails("a,a,y\n"));
        Assert.Equal("t.csv: column \"y\" is both the target and a feature.", HeaderFails("a,y\n", "y", ["a", "y"]));
    }

    [Fact]
    public void UnknownClassAndNonNumericTargetNameTheirLine()
    {
        using var reader = new CsvTableReader(new StringReader("a,y\n1,cat\n2,dog\n3,cow\n"), "v.csv");
        var chunk = reader.ReadAll();
        Assert.Equal("v.csv, line 4, column 2: class \"cow\" in column \"y\" is not one of the 2 classes of the training data (cat, dog).",
            Assert.Throws<DataFormatException>(() => reader.ClassIndices(chunk, ["cat", "dog"])).Message);
        Assert.Equal("v.csv, line 2, column 2: \"cat\" in the target column \"y\" is not a number.",
            Assert.Throws<DataFormatException>(() => reader.TargetValues(chunk)).Message);
    }
}
