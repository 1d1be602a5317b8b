using DiyNet.Data;
using System.Buffers.Binary;
using System.Numerics.Tensors;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Data;

public class IdxLoaderTests
{
    private static byte[] Header(params int[] words)
    {
        var bytes = new byte[4 * words.Length];
        for (int i = 0; i < words.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 * i), words[i]);
        return bytes;
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static string ImagesFails(byte[] content, string name = "images.idx", bool gzip = false)
    {
        using var dir = new TempFolder();
        string path = gzip ? dir.Gzip(name, content) : dir.File(name, content);
        return Assert.Throws<DataFormatException>(() => IdxLoader.ReadImages(path)).Message;
    }

    [Fact]
    public void LoadsRealMnistTestSet()
    {
        var d = StandardDatasets.Mnist(SharedData.Path("mnist"), train: false);
        Assert.Equal("mnist-test", d.Name);
        Assert.Equal([10000, 784], d.X.Shape.ToArray());
        Assert.Equal((28, 28), d.ImageSize);
        Assert.Equal([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], d.ClassCounts());
        Assert.Equal(255f, TensorPrimitives.Max(d.X.Span));
        Assert.Equal([10000, 28, 28, 1], d.Images().Shape.ToArray());

        var scaled = StandardDatasets.Mnist(SharedData.Path("mnist"), train: false, scaleToUnit: true);
        Assert.Equal(1f, TensorPrimitives.Max(scaled.X.Span));
        Assert.Equal(d.X[0, 300] / 255f, scaled.X[0, 300]);
    }

    [Fact]
    public void LoadsRealMnistTrainLabels()
    {
        int[] labels = IdxLoader.ReadLabels(SharedData.Path("mnist", "train-labels-idx1-ubyte.gz"));
        var counts = new int[10];
        foreach (int l in labels) counts[l]++;
        Assert.Equal([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949], counts);
    }

    [Fact]
    public void ReadsRawAndGzipIdentically()
    {
        byte[] images = Concat(Header(0x803, 2, 2, 3), [0, 1, 2, 3, 4, 255, 9, 8, 7, 6, 5, 128]);
        byte[] labels = Concat(Header(0x801, 2), [7, 3]);
        using var dir = new TempFolder();
        var raw = IdxLoader.Load(dir.File("img", images), dir.File("lab", labels), "raw");
        var gz = IdxLoader.Load(dir.Gzip("img.gz", images), dir.Gzip("lab.gz", labels), "gz");
        foreach (var d in new[] { raw, gz })
        {
            Assert.Equal([2, 6], d.X.Shape.ToArray());
            Assert.Equal((2, 3), d.ImageSize);
            Assert.Equal([7, 3], d.Labels);
            Assert.Equal(8, d.ClassCount);
            Assert.Equal([0f, 1, 2, 3, 4, 255, 9, 8, 7, 6, 5, 128], d.X.Span.ToArray());
        }
    }

    [Fact]
    public void WrongMagicIsReported()
    {
        byte[] labels = Concat(Header(0x801, 60000, 28, 28));
        Assert.Equal("train-images-idx3-ubyte.gz: magic number 0x00000801, expected 0x00000803 (IDX images).",
            ImagesFails(labels, "train-images-idx3-ubyte.gz", gzip: true));
        using var dir = new TempFolder();
        string path = dir.File("t10k-labels-idx1-ubyte", Concat(Header(0x803, 1, 1, 1), [0]));
        Assert.Equal("t10k-labels-idx1-ubyte: magic number 0x00000803, expected 0x00000801 (IDX labels).",
            Assert.Throws<DataFormatException>(() => IdxLoader.ReadLabels(path)).Message);
    }

    [Fact]
    public void TruncatedDataIsReported()
    {
        byte[] content = Concat(Header(0x803, 60000, 28, 28), new byte[1234]);
        Assert.Equal("train-images-idx3-ubyte.gz: truncated: header announces 60000 images of 28×28 (47040000 bytes), found 1234.",
            ImagesFails(content, "train-images-idx3-ubyte.gz", gzip: true));
        using var dir = new TempFolder();
        string path = dir.File("labels", Concat(Header(0x801, 10), new byte[4]));
        var e = Assert.Throws<DataFormatException>(() => IdxLoader.ReadLabels(path));
        Assert.Equal("labels: truncated: header announces 10 labels (10 bytes), found 4.", e.Message);
        Assert.Equal(12, e.Offset);
    }

    [Fact]
    public void TruncatedHeaderIsReported()
    {
        Assert.Equal("images.idx: truncated: 10 bytes, shorter than the 16-byte header of IDX images.",
            ImagesFails(Header(0x803, 60000, 28)[..10]));
        Assert.Equal("images.idx: truncated: 2 bytes, shorter than the 16-byte header of IDX images.", ImagesFails([0, 0]));
    }

    [Fact]
    public void SizesWhoseProductOverflowsALongAreReportedNotThrownAsOverflow()
    {
        // Found by MutatedFileTests: 2³¹−1 images of (2³¹−1)×(2³¹−1) overflowed the size computation.
        Assert.Equal("images.idx: header announces 2147483647 images of 2147483647×2147483647, more bytes than one array can hold.",
            ImagesFails(Header(0x803, int.MaxValue, int.MaxValue, int.MaxValue)));
    }

    [Fact]
    public void BadDimensionsAndTrailingBytesAreReported()
    {
        Assert.Equal("images.idx: header announces 5 images of 0×28; expected a count ≥ 0 and positive sizes.",
            ImagesFails(Header(0x803, 5, 0, 28)));
        Assert.Equal("images.idx: 3 bytes after the 4 bytes announced by the header (1 images of 2×2).",
            ImagesFails(Concat(Header(0x803, 1, 2, 2), new byte[7])));
    }

    [Fact]
    public void TruncatedRealGzipIsReported()
    {
        byte[] gz = File.ReadAllBytes(SharedData.Path("mnist", "t10k-labels-idx1-ubyte.gz"));
        using var dir = new TempFolder();
        string path = dir.File("t10k-labels-idx1-ubyte.gz", gz[..(gz.Length / 2)]);
        var e = Assert.Throws<DataFormatException>(() => IdxLoader.ReadLabels(path));
        Assert.StartsWith("t10k-labels-idx1-ubyte.gz: truncated: header announces 10000 labels (10000 bytes), found ", e.Message);
    }

    [Fact]
    public void CorruptGzipIsReported()
    {
        // A gzip header followed by a deflate block of the reserved type 11.
        byte[] gz = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff];
        using var dir = new TempFolder();
        string path = dir.File("t10k-labels-idx1-ubyte.gz", gz);
        var e = Assert.Throws<DataFormatException>(() => IdxLoader.ReadLabels(path));
        Assert.StartsWith("t10k-labels-idx1-ubyte.gz: not a valid gzip stream (", e.Message);
        Assert.IsType<InvalidDataException>(e.InnerException);
    }

    [Fact]
    public void ImagesAndLabelsMustAgree()
    {
        using var dir = new TempFolder();
        string images = dir.File("img", Concat(Header(0x803, 2, 1, 1), [1, 2]));
        string labels = dir.File("lab", Concat(Header(0x801, 3), [0, 1, 2]));
        Assert.Equal("lab: 3 labels, but img has 2 images.", Assert.Throws<DataFormatException>(() => IdxLoader.Load(images, labels)).Message);
    }
}
