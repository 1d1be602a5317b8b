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
}
