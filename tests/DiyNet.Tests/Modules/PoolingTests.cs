using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Modules;

/// <summary>Pooling semantics: the tie rule, NaN, overlapping windows, floor mode; upsampling and reshaping views.</summary>
public class PoolingTests
{
    [Fact]
    public void TiesSendTheGradientToTheFirstMaximumInScanOrder()
    {
        // One 2×2 window, 2 channels: channel 0 has equal maxima at (0,1), (1,0), (1,1); channel 1 is all ties.
        var x = new Tensor(1, 2, 2, 2);
        x[0, 0, 0, 0] = 1; x[0, 0, 1, 0] = 5; x[0, 1, 0, 0] = 5; x[0, 1, 1, 0] = 5;
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) x[0, i, j, 1] = 2;
        var pool = new MaxPool2D(2);
        var y = pool.Forward(x);
        Assert.Equal([5f, 2f], y.Span.ToArray());
        var gx = pool.BackwardDelta(x, Tensor.FromArray([10f, 20f], 1, 1, 1, 2));
        // Scan order is (0,0), (0,1), (1,0), (1,1): channel 0's first maximum is (0,1), channel 1's is (0,0).
        Assert.Equal([0f, 10f, 0f, 0f], new[] { gx[0, 0, 0, 0], gx[0, 0, 1, 0], gx[0, 1, 0, 0], gx[0, 1, 1, 0] });
        Assert.Equal([20f, 0f, 0f, 0f], new[] { gx[0, 0, 0, 1], gx[0, 0, 1, 1], gx[0, 1, 0, 1], gx[0, 1, 1, 1] });
    }

    [Fact]
    public void TieRuleHoldsOnTheVectorPath()
    {
        // 20 channels: 16 go through the vector kernel, 4 through the scalar tail; every window is all ties.
        var x = Tensor.Full(3f, 2, 4, 4, 20);
        var pool = new MaxPool2D(2);
        pool.Forward(x);
        var gx = pool.BackwardDelta(x, Tensor.Full(1f, 2, 2, 2, 20));
        for (int n = 0; n < 2; n++)
            for (int h = 0; h < 4; h++)
                for (int w = 0; w < 4; w++)
                    for (int c = 0; c < 20; c++)
                        Assert.Equal(h % 2 == 0 && w % 2 == 0 ? 1f : 0f, gx[n, h, w, c]);
    }

    [Fact]
    public void NaNPropagatesThroughMaxPooling()
    {
        var x = Tensor.FromArray([1f, float.NaN, 3f, 2f, 7f, float.NaN, 1f, 9f], 2, 4, 1);
        var y = new MaxPool1D(2).Forward(x);
        Assert.True(float.IsNaN(y[0, 0, 0]));
        Assert.Equal(3f, y[0, 1, 0]);
        Assert.True(float.IsNaN(y[1, 0, 0]));
        Assert.Equal(9f, y[1, 1, 0]);
    }

    [Fact]
    public void OverlappingWindowsAccumulateTheGradient()
    {
        // Kernel 3, stride 1 on a length-5 sequence whose maximum is in the middle: all 3 windows pick it.
        var x = Tensor.FromArray([0f, 1f, 9f, 2f, 3f], 1, 5, 1);
        var pool = new MaxPool1D(3, 1);
        var y = pool.Forward(x);
        Assert.Equal([9f, 9f, 9f], y.Span.ToArray());
        var gx = pool.BackwardDelta(x, Tensor.FromArray([1f, 10f, 100f], 1, 3, 1));
        Assert.Equal([0f, 0f, 111f, 0f, 0f], gx.Span.ToArray());
        var avg = new AvgPool1D(3, 1);
        avg.Forward(x);
        var ga = avg.BackwardDelta(x, Tensor.FromArray([3f, 30f, 300f], 1, 3, 1));
        Assert.Equal([1f, 11f, 111f, 110f, 100f], ga.Span.ToArray());
    }

    [Fact]
    public void FloorModeDropsPositionsThatDoNotFillAWindow()
    {
        var x = TestData.Uniform(1, -1, 1, 2, 7, 5, 3);
        var y = new MaxPool2D(2).Forward(x);
        Assert.True(y.HasShape(2, 3, 2, 3), y.ShapeString);
        Assert.Equal(Math.Max(Math.Max(x[1, 4, 2, 1], x[1, 4, 3, 1]), Math.Max(x[1, 5, 2, 1], x[1, 5, 3, 1])), y[1, 2, 1, 1]);
        var pool = new MaxPool2D(2);
        pool.Forward(x);
        var gx = pool.BackwardDelta(x, Tensor.Full(1f, 2, 3, 2, 3));
        for (int c = 0; c < 3; c++)
        {
            for (int h = 0; h < 7; h++) Assert.Equal(0f, gx[0, h, 4, c]);
            for (int w = 0; w < 5; w++) Assert.Equal(0f, gx[1, 6, w, c]);
        }
        Assert.Equal(2 * 3 * 2 * 3, gx.Span.ToArray().Sum());
        Assert.True(new MaxPool2D(3, 2).Forward(x).HasShape(2, 3, 2, 3));
        var ap = new AvgPool2D(2).Forward(x);
        Assert.Equal((x[0, 2, 2, 0] + x[0, 2, 3, 0] + x[0, 3, 2, 0] + x[0, 3, 3, 0]) / 4, ap[0, 1, 1, 0], 5);
    }

    [Fact]
    public void MaxPoolBackwardRefusesAnotherInputAndRoutesToTheMaximaOfItsOwn()
    {
        var a = Tensor.FromArray([5f, 1f, 1f, 5f], 1, 4, 1);
        var b = Tensor.FromArray([1f, 5f, 5f, 1f], 1, 4, 1);
        var pool = new MaxPool1D(2);
        pool.Forward(a);
        Assert.Throws<BackwardInputException>(() => pool.BackwardDelta(b, Tensor.FromArray([1f, 1f], 1, 2, 1)));
        Assert.Equal([1f, 0f, 0f, 1f], pool.BackwardDelta(a, Tensor.FromArray([1f, 1f], 1, 2, 1)).Span.ToArray());
        pool.Forward(b);
        Assert.Equal([0f, 1f, 1f, 0f], pool.BackwardDelta(b, Tensor.FromArray([1f, 1f], 1, 2, 1)).Span.ToArray());
    }

    [Fact]
    public void InEvaluationModeMaxPoolingGivesTheSameMaximaAndTheSameGradient()
    {
        // Ties everywhere (values 0..3) and 5, 16 and 20 channels: every kernel path, with and without positions kept.
        foreach (int c in new[] { 5, 16, 20 })
            foreach (var pool in new Module[] { new MaxPool2D(2), new MaxPool2D(3, 2) })
            {
                int seed = 17 * c;
                var random = new Random(seed);
                var x = new Tensor(3, 7, 6, c);
                for (int i = 0; i < x.Length; i++) x.Span[i] = random.Next(4);
                var delta = new Tensor(pool.Forward(x).Shape.ToArray());
                for (int i = 0; i < delta.Length; i++) delta.Span[i] = (float)random.NextDouble() - 0.5f;
                pool.Train();
                float[] y = pool.Forward(x).Span.ToArray(), g = pool.BackwardDelta(x, delta).Span.ToArray();
                pool.Eval();
                Assert.True(y.AsSpan().SequenceEqual(pool.Forward(x).Span), $"{pool}, C={c} (seed {seed}): evaluation maxima differ");
                Assert.True(g.AsSpan().SequenceEqual(pool.BackwardDelta(x, delta).Span), $"{pool}, C={c} (seed {seed}): the gradient after an evaluation pass differs");
                pool.Train();
                Assert.True(g.AsSpan().SequenceEqual(pool.BackwardDelta(x, delta).Span), $"{pool}, C={c} (seed {seed}): a second backward pass differs");
            }
    }

    [Fact]
    public void UpsampleRepeatsAndItsBackwardSumsBlocks()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 1, 2, 2, 1);
        var up = new Upsample2D(2);
        var y = up.Forward(x);
        Assert.Equal([1f, 1f, 2f, 2f, 1f, 1f, 2f, 2f, 3f, 3f, 4f, 4f, 3f, 3f, 4f, 4f], y.Span.ToArray());
        var d = new Tensor(1, 4, 4, 1);
        for (int i = 0; i < 16; i++) d.Span[i] = i;
        Assert.Equal([0f + 1 + 4 + 5, 2f + 3 + 6 + 7, 8f + 9 + 12 + 13, 10f + 11 + 14 + 15], up.BackwardDelta(x, d).Span.ToArray());
        var y1 = new Upsample1D(3).Forward(Tensor.FromArray([1f, 2f, 3f, 4f], 1, 2, 2));
        Assert.Equal([1f, 2f, 1f, 2f, 1f, 2f, 3f, 4f, 3f, 4f, 3f, 4f], y1.Span.ToArray());
    }

    [Fact]
    public void FlattenAndUnflattenAreViewsWithoutCopies()
    {
        var x = TestData.Uniform(1, -1, 1, 3, 4, 5, 2);
        var flatten = new Flatten();
        var y = flatten.Forward(x);
        Assert.True(y.HasShape(3, 40));
        x[1, 0, 0, 0] = 42f;
        Assert.Equal(42f, y[1, 0]);
        Assert.Same(y, flatten.Forward(x));
        var d = TestData.Uniform(2, -1, 1, 3, 40);
        var gx = flatten.BackwardDelta(x, d);
        Assert.True(gx.SameShape(x));
        Assert.True(gx.Span.SequenceEqual(d.Span));
        var unflatten = new Unflatten(4, 5, 2);
        var back = unflatten.Forward(y);
        Assert.True(back.SameShape(x) && back.Span.SequenceEqual(x.Span));
    }
}
