using DiyNet.Plots.Imaging;
using Xunit;

namespace DiyNet.Tests.Plots;

public class PngTests
{
    [Fact]
    public void Crc32MatchesTheStandardCheckValue() => Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(16, 16, 1)]
    [InlineData(7, 5, 3)]
    [InlineData(150, 120, 3)]
    public void EncodedImagesDecodeToTheSamePixels(int width, int height, int channels)
    {
        const int seed = 7;
        var random = new Random(seed);
        var pixels = new byte[width * height * channels];
        // Smooth ramps with noise: every filter type wins somewhere.
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width * channels; x++)
                pixels[y * width * channels + x] = (byte)((x * 3 + y * 5 + (random.Next(4) == 0 ? random.Next(256) : 0)) & 0xFF);
        var (w, h, c, decoded) = PngReader.Decode(Png.Encode(pixels, width, height, channels));
        Assert.Equal((width, height, channels), (w, h, c));
        Assert.Equal(pixels, decoded);
    }

    [Fact]
    public void BadArgumentsAreReported()
    {
        Assert.Throws<ArgumentException>(() => Png.Encode(new byte[4], 2, 2, 2));
        Assert.Throws<ArgumentException>(() => Png.Encode(new byte[5], 2, 2, 1));
        Assert.Throws<ArgumentException>(() => Png.Encode([], 0, 2, 1));
    }
}
