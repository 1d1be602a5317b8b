using DiyNet.Data;
using DiyNet.Tensors;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Data;

public class ScalerTests
{
    // Feature 0: 1, 3, 5 (min 1, max 5, mean 3, population std √(8/3)); feature 1: constant 7.
    private static Tensor Train() => Tensor.FromRows(new float[,] { { 1, 7 }, { 3, 7 }, { 5, 7 } });

    [Fact]
    public void MinMaxUsesTheTrainingRangeOnly()
    {
        var scaler = new MinMaxScaler();
        var y = scaler.FitTransform(Train());
        Assert.Equal([0f, 0f, 0.5f, 0f, 1f, 0f], y.Span.ToArray());
        var test = scaler.Transform(Tensor.FromRows(new float[,] { { 9, 8 } }));
        Assert.Equal([2f, 1f], test.Span.ToArray());
        var wide = new MinMaxScaler(-1f, 1f).FitTransform(Train());
        Assert.Equal([-1f, -1f, 0f, -1f, 1f, -1f], wide.Span.ToArray());
    }

    [Fact]
    public void StandardScalerCentersAndReducesWithoutNaNOnConstantFeatures()
    {
        var scaler = new StandardScaler();
        var y = scaler.FitTransform(Train());
        float z = (float)(2 / Math.Sqrt(8.0 / 3.0));
        Assert.Equal(-z, y[0, 0], 6);
        Assert.Equal(0f, y[1, 0], 6);
        Assert.Equal(z, y[2, 0], 6);
        for (int i = 0; i < 3; i++) Assert.Equal(0f, y[i, 1]);
        var back = scaler.InverseTransform(y);
        for (int i = 0; i < 6; i++) Assert.Equal(Train().Span[i], back.Span[i], 5);
    }

    [Fact]
    public void ScalersWorkOnImageShapedTensors()
    {
        var x = Tensor.FromArray([0f, 2f, 4f, 8f], 2, 1, 2, 1);
        var y = new MinMaxScaler().FitTransform(x);
        Assert.Equal([2, 1, 2, 1], y.Shape.ToArray());
        Assert.Equal([0f, 0f, 1f, 1f], y.Span.ToArray());
    }

    [Fact]
    public void MisuseIsReported()
    {
        Assert.Equal("StandardScaler: call Fit on the training data first.",
            Assert.Throws<InvalidOperationException>(() => new StandardScaler().Transform(Train())).Message);
        var scaler = new MinMaxScaler().Fit(Train());
        Assert.StartsWith("MinMaxScaler: fitted on 2 features, got shape (2, 3).",
            Assert.Throws<ArgumentException>(() => scaler.Transform(new Tensor(2, 3))).Message);
        Assert.StartsWith("MinMaxScaler: fitted on 2 features, got shape (0, 3).",
            Assert.Throws<ArgumentException>(() => scaler.Transform(new Tensor(0, 3))).Message);
        Assert.Equal([0, 2], scaler.Transform(new Tensor(0, 2)).Shape.ToArray());
        Assert.StartsWith("MinMaxScaler.Fit: needs at least one row, got shape (0, 2).",
            Assert.Throws<ArgumentException>(() => new MinMaxScaler().Fit(new Tensor(0, 2))).Message);
        Assert.StartsWith("StandardScaler.Fit: the data holds a NaN or infinite value.",
            Assert.Throws<ArgumentException>(() => new StandardScaler().Fit(Tensor.FromArray([1f, float.NaN], 2, 1))).Message);
    }
}
