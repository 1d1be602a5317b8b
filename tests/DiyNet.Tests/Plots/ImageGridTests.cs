using DiyNet.Plots;
using Xunit;

namespace DiyNet.Tests.Plots;

public class ImageGridTests
{
    private static float[] Digit(int seed)
    {
        var random = new Random(seed);
        var pixels = new float[256];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = random.Next(3) == 0 ? (float)(2 * random.NextDouble()) : 0;
        return pixels;
    }

    [Fact]
    public void OneEmbeddedImagePerDigitWithCaptions()
    {
        var grid = new ImageGrid(16, 16) { Title = "digits", Columns = 10 };
        for (int i = 0; i < 100; i++) grid.Add(Digit(i), $"pred {i % 10} / true {(i + i / 50) % 10}", highlight: i >= 50);
        string svg = grid.ToSvg();
        var doc = SvgDoc.Parse(svg);
        var images = doc.ByClass("image");
        Assert.Equal(100, images.Count);
        var captions = doc.ByClass("caption");
        Assert.Equal(100, captions.Count);
        Assert.Equal(50, captions.Count(c => (string?)c.Attribute("fill") == "#d62728"));
        Assert.Equal("pred 3 / true 3", captions[3].Value);
        // 10 columns: the 11th image starts the second row.
        Assert.Equal((double)images[0].Attribute("x")!, (double)images[10].Attribute("x")!);
        Assert.True((double)images[10].Attribute("y")! > (double)images[9].Attribute("y")!);
    }

    [Fact]
    public void PixelsMapThroughTheValueRange()
    {
        var image = new float[] { 0, 1, 2, 3, 4, 5 };
        var doc = SvgDoc.Parse(new ImageGrid(2, 3) { ValueMin = 1, ValueMax = 4 }.Add(image).ToSvg());
        var (w, h, c, pixels) = PngReader.DecodeDataUri((string)doc.ByClass("image").Single().Attribute("href")!);
        Assert.Equal((3, 2, 1), (w, h, c));
        Assert.Equal(new byte[] { 0, 0, 85, 170, 255, 255 }, pixels);
        var inverted = SvgDoc.Parse(new ImageGrid(2, 3) { Colormap = Colormap.GrayInverted }.Add(image).ToSvg());
        Assert.Equal(new byte[] { 255, 204, 153, 102, 51, 0 }, PngReader.DecodeDataUri((string)inverted.ByClass("image").Single().Attribute("href")!).Pixels);
    }

    [Fact]
    public void ColourMapsGiveRgbAndDivergingRangesAreSymmetric()
    {
        var doc = SvgDoc.Parse(new ImageGrid(1, 3) { Colormap = Colormap.BlueRed }.Add(new[] { -1f, 0f, 0.5f }).ToSvg());
        var (_, _, c, pixels) = PngReader.DecodeDataUri((string)doc.ByClass("image").Single().Attribute("href")!);
        Assert.Equal(3, c);
        Assert.Equal(new byte[] { 0xf7, 0xf7, 0xf7 }, pixels[3..6]); // 0 is the neutral middle
    }

    [Fact]
    public void RowLabelsAndBatchesAreSupported()
    {
        var batch = Enumerable.Range(0, 3).SelectMany(Digit).ToArray();
        var grid = new ImageGrid(16, 16) { Columns = 3, RowLabels = ["original", "noisy", "denoised"] };
        grid.AddBatch(batch).AddBatch(batch, ["a", "b", "c"]).AddBatch(batch, highlights: [true, false, false]);
        var doc = SvgDoc.Parse(grid.ToSvg());
        Assert.Equal(9, doc.ByClass("image").Count);
        Assert.Equal(["original", "noisy", "denoised"], doc.Texts("row-label"));
        Assert.Equal(["a", "b", "c"], doc.Texts("caption"));
    }

    [Fact]
    public void InvalidInputIsReported()
    {
        var e = Assert.Throws<ArgumentException>(() => new ImageGrid(16, 16).Add(new float[250]));
        Assert.Contains("250 values, expected 16×16 = 256", e.Message);
        Assert.Throws<ArgumentException>(() => new ImageGrid(16, 16).AddBatch(new float[300]));
        Assert.Throws<ArgumentException>(() => new ImageGrid(2, 2).AddBatch(new float[8], ["one"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageGrid(0, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageGrid(2, 2) { ValueMin = 1, ValueMax = 0 }.Add(new float[4]).ToSvg());
    }

    [Fact]
    public void EmptyAndConstantImagesRender()
    {
        SvgDoc.Parse(new ImageGrid(4, 4).ToSvg());
        SvgDoc.Parse(new ImageGrid(2, 2).Add(new[] { 1f, 1, 1, float.NaN }).ToSvg());
    }
}
