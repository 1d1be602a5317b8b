using DiyNet.Data;
using DiyNet.Tensors;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Data;

public class PreparationTests
{
    [Fact]
    public void OneHotPutsASingleOnePerRow()
    {
        var t = Preparation.OneHot([2, 0, 1, 2], 3);
        Assert.Equal([4, 3], t.Shape.ToArray());
        Assert.Equal([0f, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1], t.Span.ToArray());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Preparation.OneHot([0, 3], 3));
        Assert.StartsWith("OneHot: label 3 at index 1 is outside 0..2.", e.Message);
    }

    [Fact]
    public void TakeRowsCopiesRowsInTheGivenOrderForAnyRank()
    {
        var x = Tensor.FromArray(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 3, 2, 2);
        var t = Preparation.TakeRows(x, [2, 0, 2]);
        Assert.Equal([3, 2, 2], t.Shape.ToArray());
        Assert.Equal([8f, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11], t.Span.ToArray());
        t[0, 0, 0] = -1f;
        Assert.Equal(8f, x[2, 0, 0]);
        Assert.Equal([30, 10], Preparation.Take([10, 20, 30], [2, 0]));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Preparation.TakeRows(x, [1, 3]));
        Assert.StartsWith("TakeRows: index 3 (position 1) is outside 0..2 for shape (3, 2, 2).", e.Message);
    }

    [Fact]
    public void DatasetViewsSubsetsAndSplits()
    {
        var d = EmbeddedData.Digits();
        var images = d.Images();
        images[5, 3, 4, 0] = 99f;
        Assert.Equal(99f, d.X[5, 3 * 8 + 4]);
        var oneHot = d.OneHot();
        Assert.Equal([1797, 10], oneHot.Shape.ToArray());
        Assert.Equal(d.Labels, oneHot.ArgMaxRows());

        var sub = d.Subset([10, 3], "two");
        Assert.Equal("two: 2 × 64 (8×8 images), 10 classes", sub.ToString());
        Assert.Equal([d.Labels[10], d.Labels[3]], sub.Labels);
        Assert.True(sub.X.Row(1).SequenceEqual(d.X.Row(3)));

        var (train, test) = d.Split(0.25, seed: 3);
        Assert.Equal(1797, train.Count + test.Count);
        Assert.Equal(449, test.Count);
        Assert.Equal("digits-test", test.Name);
        var scaled = d.Scaled(1f / 16f);
        Assert.Equal(d.X[0, 10] / 16f, scaled.X[0, 10]);
    }

    [Fact]
    public void DatasetRejectsInconsistentParts()
    {
        var x = new Tensor(3, 4);
        Assert.Equal("Dataset 'd': X has 3 rows, there are 2 labels.", Assert.Throws<ArgumentException>(() => new Dataset(x, [0, 1], 2, "d")).Message);
        Assert.Equal("Dataset 'd': label 2 of example 1 is outside 0..1.", Assert.Throws<ArgumentException>(() => new Dataset(x, [0, 2, 1], 2, "d")).Message);
        Assert.Equal("Dataset 'd': image size 3×3 does not match 4 features.", Assert.Throws<ArgumentException>(() => new Dataset(x, [0, 1, 1], 2, "d", (3, 3))).Message);
        Assert.Equal("Dataset 'd': rows are not images (no image size).", Assert.Throws<InvalidOperationException>(() => new Dataset(x, [0, 1, 1], 2, "d").Images()).Message);
    }
}
