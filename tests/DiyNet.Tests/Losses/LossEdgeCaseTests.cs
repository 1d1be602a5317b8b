using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Losses;

public class LossEdgeCaseTests
{
    [Fact]
    public void BceIsFiniteAtZeroAndOne()
    {
        var y = Tensor.FromRows(new float[,] { { 1, 0 }, { 0, 1 } });
        var yhat = Tensor.FromRows(new float[,] { { 0, 1 }, { 0, 1 } });
        var loss = new BCELoss();
        var l = loss.Forward(y, yhat);
        Assert.Equal(200f, l[0], 3);   // both logs clamped at -100
        Assert.Equal(0f, l[1], 5);
        foreach (float g in loss.Backward(y, yhat).Span) Assert.True(float.IsFinite(g));
    }

    [Fact]
    public void CrossEntropyOnProbabilitiesIsFiniteAtZero()
    {
        var y = Tensor.FromRows(new float[,] { { 1, 0, 0 } });
        var p = Tensor.FromRows(new float[,] { { 0, 0.5f, 0.5f } });
        var loss = new CrossEntropyLoss();
        Assert.Equal(100f, loss.Forward(y, p)[0], 3);
        foreach (float g in loss.Backward(y, p).Span) Assert.True(float.IsFinite(g));
    }

    [Fact]
    public void LossesTakeAnyShapeWithABatchAxis()
    {
        // (N, H, W, C): each example is its H·W·C values, as a convolutional autoencoder's output.
        var y = TestData.Uniform(1, 0, 1, 2, 3, 3, 1);
        var yhat = TestData.Uniform(2, 0.1f, 0.9f, 2, 3, 3, 1);
        var loss = new MSELoss();
        var l = loss.Forward(y, yhat);
        Assert.Equal(new[] { 2 }, l.Shape.ToArray());
        float first = 0;
        for (int i = 0; i < 9; i++) first += (y.Span[i] - yhat.Span[i]) * (y.Span[i] - yhat.Span[i]);
        Assert.Equal(first, l[0], 5);
        Assert.True(loss.Backward(y, yhat).SameShape(yhat));
        Assert.Throws<ShapeException>(() => loss.Forward(new Tensor(2, 9), yhat));   // same values, other shape
    }

    [Fact]
    public void CeLogSoftmaxIsExactForHugeScores()
    {
        var y = Tensor.FromRows(new float[,] { { 1, 0, 0 }, { 0, 1, 0 } });
        var z = Tensor.FromRows(new float[,] { { 1e4f, -1e4f, 0 }, { 1e4f, -1e4f, 0 } });
        var loss = new CELogSoftmax();
        var l = loss.Forward(y, z);
        Assert.Equal(0f, l[0], 4);
        Assert.Equal(2e4f, l[1], 0);
        var g = loss.Backward(y, z);
        Assert.Equal(0f, g[0, 0], 5);
        Assert.Equal(0.5f, g[1, 0], 5);   // (softmax − y)/N = (1 − 0)/2
        Assert.Equal(-0.5f, g[1, 1], 5);
        foreach (float v in g.Span) Assert.True(float.IsFinite(v));
    }

    [Fact]
    public void LossRejectsMismatchedShapesNamingBoth()
    {
        var e = Assert.Throws<ShapeException>(() => new MSELoss().Forward(new Tensor(4, 3), new Tensor(4, 2)));
        Assert.Contains("MSELoss", e.Message);
        Assert.Contains("(4, 3)", e.Message);
        Assert.Contains("(4, 2)", e.Message);
    }
}
