using DiyNet.Data;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Data;

public class AugmentationTests
{
    [Fact]
    public void ShiftMovesPixelsAndFillsWithZero()
    {
        float[] image = [1, 2, 3, 4, 5, 6, 7, 8, 9];   // 3×3
        var moved = new float[9];
        Augmentation.Shift(image, moved, 3, 3, 1, dy: 1, dx: 0);
        Assert.Equal(new float[] { 0, 0, 0, 1, 2, 3, 4, 5, 6 }, moved);
        Augmentation.Shift(image, moved, 3, 3, 1, dy: 0, dx: -1);
        Assert.Equal(new float[] { 2, 3, 0, 5, 6, 0, 8, 9, 0 }, moved);
    }

    [Fact]
    public void ShiftedKeepsTheOriginalsFirstAndTheLabels()
    {
        var x = TestData.Uniform(1, 0, 1, 4, 9);
        var data = new Dataset(x, [0, 1, 2, 1], 3, "tiny", (3, 3));
        var augmented = Augmentation.Shifted(data);
        Assert.Equal(20, augmented.Count);
        Assert.True(augmented.X.Span[..36].SequenceEqual(x.Span));
        for (int i = 0; i < 20; i++) Assert.Equal(data.Labels[i % 4], augmented.Labels[i]);
    }

    [Fact]
    public void AffineWithIdentityParametersReproducesTheImage()
    {
        var image = TestData.Uniform(1, 0, 1, 5, 7).Span.ToArray();
        var result = new float[35];
        Augmentation.Affine(image, result, 5, 7, degrees: 0, scale: 1, dy: 0, dx: 0);
        for (int i = 0; i < 35; i++) Assert.True(Math.Abs(image[i] - result[i]) < 1e-6f, $"pixel {i}: {image[i]} vs {result[i]}");
        Augmentation.RandomAffine(image, result, 5, 7, 0, 0, 0, new Random(2));
        for (int i = 0; i < 35; i++) Assert.True(Math.Abs(image[i] - result[i]) < 1e-6f, $"random identity, pixel {i}");
    }

    [Fact]
    public void AffineIntegerShiftMatchesShiftAndHalfShiftAverages()
    {
        var image = TestData.Uniform(3, 0, 1, 6, 6).Span.ToArray();
        var expected = new float[36];
        var result = new float[36];
        Augmentation.Shift(image, expected, 6, 6, 1, dy: 1, dx: -2);
        Augmentation.Affine(image, result, 6, 6, 0, 1, dy: 1, dx: -2);
        for (int i = 0; i < 36; i++) Assert.True(Math.Abs(expected[i] - result[i]) < 1e-6f, $"pixel {i}: {expected[i]} vs {result[i]}");
        Augmentation.Affine(image, result, 6, 6, 0, 1, dy: 0, dx: 0.5);
        Assert.Equal(0.5f * image[0], result[0], 5);                          // left half outside: zero
        Assert.Equal(0.5f * (image[2 * 6 + 2] + image[2 * 6 + 3]), result[2 * 6 + 3], 5);
    }

    [Fact]
    public void FourQuarterTurnsGiveBackTheImage()
    {
        var image = TestData.Uniform(4, 0, 1, 5, 5).Span.ToArray();
        var a = (float[])image.Clone();
        var b = new float[25];
        for (int k = 0; k < 4; k++)
        {
            Augmentation.Affine(a, b, 5, 5, 90, 1, 0, 0);
            if (k == 0) Assert.False(b.SequenceEqual(image), "a quarter turn changed nothing");
            (a, b) = (b, a);
        }
        for (int i = 0; i < 25; i++) Assert.True(Math.Abs(image[i] - a[i]) < 1e-5f, $"pixel {i}: {image[i]} vs {a[i]}");
    }

    [Fact]
    public void MaskZeroesAboutTheGivenFraction()
    {
        const int seed = 9;
        var values = new float[20000];
        values.AsSpan().Fill(1f);
        Augmentation.Mask(values, 0.2, new Random(seed));
        double zeros = values.Count(v => v == 0f) / (double)values.Length;
        Assert.True(Math.Abs(zeros - 0.2) < 0.015, $"seed {seed}: {zeros} of the values masked, expected 0.2");
        Assert.All(values, v => Assert.True(v == 0f || v == 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => Augmentation.Mask(values, 1.5, new Random(seed)));
    }

    [Fact]
    public void AffineRejectsWrongSizes()
    {
        Assert.Throws<ArgumentException>(() => Augmentation.Affine(new float[9], new float[8], 3, 3, 0, 1, 0, 0));
        Assert.Throws<ArgumentException>(() => Augmentation.RandomAffine(new float[9], new float[9], 3, 3, 10, 1.5, 1, new Random(1)));
    }
}
