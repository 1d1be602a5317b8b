using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using Xunit;

namespace DiyNet.Tests.Modules;

/// <summary>FeatureScaling (fixed per-feature shift and scale) and Frozen (a module taken as a fixed function).</summary>
public class PreprocessingAndFrozenTests
{
    [Fact]
    public void FeatureScalingShiftsThenScalesEachFeature()
    {
        var step = new FeatureScaling([1f, -2f], [0.5f, 3f]);
        var x = Tensor.FromRows(new float[,] { { 3, 0 }, { 1, -2 } });
        var y = step.Forward(x);
        Assert.Equal([1f, 6f, 0f, 0f], y.Span.ToArray());
        var gx = step.BackwardDelta(x, Tensor.FromRows(new float[,] { { 1, 1 }, { 2, -1 } }));
        Assert.Equal([0.5f, 3f, 1f, -3f], gx.Span.ToArray());
        Assert.Empty(step.Parameters);
        Assert.Equal(["shift", "scale"], step.NamedBuffers().Select(b => b.Name).ToArray());
        Assert.Equal("FeatureScaling(2 features)", step.ToString());
        Assert.Equal([1f, -2f], step.Shift.ToArray());
        Assert.Equal([0.5f, 3f], step.Scale.ToArray());
    }

    [Fact]
    public void FeatureScalingTakesImagesWithTheRightNumberOfValues()
    {
        var step = new FeatureScaling(new float[12], Enumerable.Repeat(2f, 12).ToArray());
        var x = TestData.Uniform(1, -1, 1, 2, 2, 3, 2);
        var y = step.Forward(x);
        Assert.True(y.SameShape(x));
        Assert.Equal(2 * x.Span[7], y.Span[7]);
    }

    [Fact]
    public void FeatureScalingNamesTheShapesWhenTheyAreWrong()
    {
        var step = new FeatureScaling([0f, 0f, 0f], [1f, 1f, 1f]);
        var e = Assert.Throws<ShapeException>(() => step.Forward(new Tensor(4, 5)));
        Assert.Equal("FeatureScaling(3 features): input has shape (4, 5), expected (N, 3) or (N, …) with 3 values per example.", e.Message);
        var x = new Tensor(4, 3);
        step.Forward(x);
        Assert.Contains("delta has shape (4, 2)", Assert.Throws<ShapeException>(() => step.BackwardDelta(x, new Tensor(4, 2))).Message);
        Assert.Contains("same positive count", Assert.Throws<ArgumentException>(() => new FeatureScaling([1f], [1f, 2f])).Message);
        Assert.Contains("must be finite", Assert.Throws<ArgumentException>(() => new FeatureScaling([float.NaN], [1f])).Message);
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("min-max")]
    public void FeatureScalingFromAScalerMapsAsTheScalerDoes(string kind)
    {
        var train = TestData.Uniform(3, -5, 20, 50, 4);
        var test = TestData.Uniform(4, -8, 25, 10, 4);
        Scaler scaler = kind == "standard" ? new StandardScaler() : new MinMaxScaler(-1f, 2f);
        scaler.Fit(train);
        var expected = scaler.Transform(test);
        var actual = FeatureScaling.From(scaler).Forward(test);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual.Span[i] - expected.Span[i]) <= 1e-5f * Math.Max(1f, Math.Abs(expected.Span[i])),
                $"{kind} [{i}]: {actual.Span[i]} vs {expected.Span[i]}");
        Assert.Throws<InvalidOperationException>(() => FeatureScaling.From(new StandardScaler()));
    }

    [Fact]
    public void FrozenForwardsGivesTheInputGradientAndTrainsNothing()
    {
        var inner = new Sequential(new Linear(3, 4, random: new Random(1)), new Sigmoid());
        var frozen = new Frozen(inner);
        var head = new Linear(4, 2, random: new Random(2));
        var net = new Sequential(frozen, head);
        Assert.Equal(head.Parameters.Count, net.Parameters.Count);
        Assert.False(inner.IsTraining);
        net.Train();
        Assert.False(inner.IsTraining);   // the mode of the enclosing network does not reach the frozen module

        var x = TestData.Uniform(5, -1, 1, 6, 3);
        float[] before = inner.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
        float[] headBefore = head.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
        var optim = new Optim(net, new MSELoss(), 0.5f);
        for (int i = 0; i < 3; i++) optim.Step(x, TestData.Uniform(6, -1, 1, 6, 2));
        Assert.Equal(before, inner.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray());
        Assert.NotEqual(headBefore, head.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray());
        Assert.All(inner.Parameters, p => Assert.All(p.Gradient.Span.ToArray(), g => Assert.Equal(0f, g)));

        var y = frozen.Forward(x).Clone();
        Assert.Equal(inner.Forward(x).Span.ToArray(), y.Span.ToArray());
        var delta = TestData.Uniform(7, -1, 1, 6, 4);
        Assert.Equal(inner.BackwardDelta(x, delta).Span.ToArray(), frozen.BackwardDelta(x, delta).Span.ToArray());
        Assert.StartsWith("Frozen(Sequential(", frozen.ToString());
    }
}
