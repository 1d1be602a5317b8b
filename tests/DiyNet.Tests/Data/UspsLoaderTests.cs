using DiyNet.Data;
using System.Numerics.Tensors;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Data;

public class UspsLoaderTests
{
    private static DataFormatException Fails(string text, string name = "bad.txt")
    {
        using var dir = new TempFolder();
        string path = dir.File(name, text);
        return Assert.Throws<DataFormatException>(() => UspsLoader.Load(path));
    }

    [Fact]
    public void LoadsTheRealTestFile()
    {
        var d = UspsLoader.Load(SharedData.Path("usps", "USPS_test.txt"));
        Assert.Equal("usps-test", d.Name);
        Assert.Equal([2007, 256], d.X.Shape.ToArray());
        Assert.Equal(10, d.ClassCount);
        Assert.Equal((16, 16), d.ImageSize);
        Assert.Equal([359, 264, 198, 166, 200, 160, 170, 147, 166, 177], d.ClassCounts());
        Assert.Equal(0f, TensorPrimitives.Min(d.X.Span));
        Assert.Equal(2f, TensorPrimitives.Max(d.X.Span));
    }

    [Fact]
    public void LoadsTheRealTrainFile()
    {
        var d = StandardDatasets.Usps(SharedData.Path("usps"), train: true);
        Assert.Equal("usps-train", d.Name);
        Assert.Equal(7291, d.Count);
        Assert.Equal([1194, 1005, 731, 658, 652, 556, 664, 645, 542, 644], d.ClassCounts());
    }

    [Fact]
    public void ReadsValuesExactlyAcceptingCrLfGzipAndBlankLinesAfterTheTrailer()
    {
        const string text = "3 4\r\n2 0 1.5 2 0.052\r\n0 1.29 0 0 1\r\n-1\r\n\r\n";
        using var dir = new TempFolder();
        var plain = UspsLoader.Load(dir.File("small.txt", text));
        var gz = UspsLoader.Load(dir.Gzip("small.txt.gz", System.Text.Encoding.ASCII.GetBytes(text)));
        foreach (var d in new[] { plain, gz })
        {
            Assert.Equal("small", d.Name);
            Assert.Equal([2, 0], d.Labels);
            Assert.Equal(3, d.ClassCount);
            Assert.Equal((2, 2), d.ImageSize);
            Assert.Equal([0f, 1.5f, 2f, 0.052f, 1.29f, 0f, 0f, 1f], d.X.Span.ToArray());
        }
    }

    [Fact]
    public void WrongValueCountNamesTheLine()
    {
        string line = "3 " + string.Join(' ', Enumerable.Repeat("0", 255));
        string good = "1 " + string.Join(' ', Enumerable.Repeat("1", 256));
        string text = "10 256\n" + string.Join('\n', Enumerable.Repeat(good, 10)) + "\n" + line + "\n" + good + "\n-1\n";
        var e = Fails(text, "USPS_train.txt");
        Assert.Equal("USPS_train.txt, line 12: expected 257 values (label + 256 pixels), found 256.", e.Message);
        Assert.Equal(12, e.Line);
    }

    [Fact]
    public void TruncatedFileIsReportedAtItsLastLine()
    {
        string full = File.ReadAllText(SharedData.Path("usps", "USPS_test.txt"));
        string[] lines = full.Split('\n');
        string partial = lines[11][..(lines[11].Length / 2)];
        int found = partial.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        string cut = string.Join('\n', lines.Take(11)) + "\n" + partial;
        var e = Fails(cut, "USPS_test.txt");
        Assert.Equal($"USPS_test.txt, line 12: truncated: expected 257 values (label + 256 pixels), found {found}, and the file ends here without the \"-1\" end marker.", e.Message);
    }

    [Fact]
    public void MissingTrailerIsReported()
    {
        var e = Fails("3 4\n2 0 1 2 0\n0 1 0 0 1\n");
        Assert.Equal("bad.txt: missing the \"-1\" end marker after line 3 (truncated file?).", e.Message);
    }

    [Fact]
    public void NonNumericValueNamesLineColumnAndText()
    {
        var e = Fails("3 4\n2 0 1 2 0\n0 1 0.x 0 1\n-1\n");
        Assert.Equal("bad.txt, line 3, column 3: \"0.x\" is not a number.", e.Message);
        Assert.Equal("bad.txt, line 2, column 5: \"NaN\" is not a number.", Fails("3 4\n2 0 1 2 NaN\n-1\n").Message);
    }

    [Fact]
    public void BadLabelIsReported()
    {
        Assert.Equal("bad.txt, line 2, column 1: label \"3\" is not an integer in 0..2.", Fails("3 4\n3 0 1 2 0\n-1\n").Message);
        Assert.Equal("bad.txt, line 2, column 1: label \"1.5\" is not an integer in 0..2.", Fails("3 4\n1.5 0 1 2 0\n-1\n").Message);
    }

    [Fact]
    public void BadHeaderEmptyFileAndDataAfterTrailerAreReported()
    {
        Assert.Equal("bad.txt, line 1: expected a header \"classes features\" such as \"10 256\", found \"2 0 1 2 0\".", Fails("2 0 1 2 0\n-1\n").Message);
        Assert.Equal("bad.txt: empty file; expected a header line \"classes features\" such as \"10 256\".", Fails("").Message);
        Assert.Equal("bad.txt, line 4: data after the \"-1\" end marker of line 3.", Fails("3 4\n2 0 1 2 0\n-1\n1 0 0 0 0\n").Message);
    }
}
