using DiyNet.Kernels;
using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet.Training;
using Xunit;

namespace DiyNet.Tests.Modules;

/// <summary>
/// In an evaluation pass on more than one kernel thread, <see cref="Sequential"/> runs consecutive Linear layers as
/// one chain (each thread takes its rows through all of them): outputs, the backward pass after it and
/// <see cref="Evaluator.Predict"/> keep the bits of the layers run one by one; the finiteness check that precedes it
/// in <see cref="Evaluator.Predict"/>, split over the threads the same way, still finds every NaN and infinity.
/// </summary>
[Collection(DiyNet.Tests.Kernels.KernelSettingsCollection.Name)]
[Trait(TestGroup.Name, TestGroup.Determinism)]
public class LinearChainTests
{
    // Row counts: the row path (fewer than 4 rows), one tile, a part shorter than a tile, parts of whole tiles, a last
    // part with a short tile; networks: with ReLUs, without, without bias, ending on a ReLU, broken by a Tanh.
    [Theory]
    [InlineData(1, "relu")]
    [InlineData(3, "relu")]
    [InlineData(8, "relu")]
    [InlineData(9, "relu")]
    [InlineData(64, "relu")]
    [InlineData(67, "relu")]
    [InlineData(300, "relu")]
    [InlineData(67, "plain")]
    [InlineData(67, "nobias")]
    [InlineData(67, "relulast")]
    [InlineData(67, "broken")]
    public void AChainInAnInferenceScopeGivesTheBitsOfTheLayersOneByOne(int rows, string kind)
    {
        var x = TestData.Uniform(11, -1, 1, rows, 40);
        var chained = new Sequential(Layers(kind));
        var separate = Layers(kind);
        chained.Eval();
        foreach (var m in separate) m.Eval();
        Tensor expected = x;
        foreach (var m in separate) expected = m.Forward(expected);

        OnThreads(2, () =>
        {
            chained.SetInferenceScope(true);
            try
            {
                // Twice: the second pass reuses the packed weights and the outputs' buffers.
                Assert.Equal(expected.Span.ToArray(), chained.Forward(x).Span.ToArray());
                Assert.Equal(expected.Span.ToArray(), chained.Forward(x).Span.ToArray());
            }
            finally
            {
                chained.SetInferenceScope(false);
            }
        });
    }

    [Fact]
    public void TheBackwardPassAfterAChainGivesTheGradientsOfTheLayersOneByOne()
    {
        var x = TestData.Uniform(12, -1, 1, 70, 40);
        var y = TestData.OneHot(13, 70, 6);
        var chained = new Sequential(Layers("relu"));
        var separate = Layers("relu");
        chained.Eval();
        foreach (var m in separate) m.Eval();
        var inputs = new Tensor[separate.Length];
        Tensor h = x;
        for (int i = 0; i < separate.Length; i++)
        {
            inputs[i] = h;
            h = separate[i].Forward(h);
        }
        var loss = new CELogSoftmax();
        var delta = loss.Backward(y, h).Clone();
        Tensor d = delta;
        for (int i = separate.Length - 1; i >= 0; i--) d = separate[i].Backward(inputs[i], d);

        OnThreads(2, () =>
        {
            chained.SetInferenceScope(true);
            try
            {
                var output = chained.Forward(x);
                Assert.Equal(h.Span.ToArray(), output.Span.ToArray());
                var gx = chained.Backward(x, delta);
                Assert.Equal(d.Span.ToArray(), gx.Span.ToArray());
            }
            finally
            {
                chained.SetInferenceScope(false);
            }
        });
        var pc = chained.Parameters;
        var ps = separate.SelectMany(m => m.Parameters).ToArray();
        for (int i = 0; i < ps.Length; i++) Assert.Equal(ps[i].Gradient.Span.ToArray(), pc[i].Gradient.Span.ToArray());
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1024)]
    public void PredictGivesTheSameBitsOnOneAndTwoThreads(int batch)
    {
        var x = TestData.Uniform(14, -1, 1, 2 * batch + 5, 784);
        var net = new Sequential(new Linear(784, 96, random: new Random(1)), new ReLU(), new Linear(96, 48, random: new Random(2)),
            new ReLU(), new Linear(48, 10, random: new Random(3)));
        float[] one = [], two = [];
        OnThreads(1, () => one = Evaluator.Predict(net, x, batch).Span.ToArray());
        OnThreads(2, () => two = Evaluator.Predict(net, x, batch).Span.ToArray());
        Assert.Equal(one, two);
    }

    // A batch of 64 rows of 784 values is checked in two parts of 32 rows: a bad value in either part, at its first or
    // last row, is found and named.
    [Theory]
    [InlineData(0, 0, float.NaN, "NaN")]
    [InlineData(31, 783, float.PositiveInfinity, "Infinity")]
    [InlineData(32, 5, float.NegativeInfinity, "-Infinity")]
    [InlineData(63, 783, float.NaN, "NaN")]
    public void PredictOnTwoThreadsFindsANonFiniteValueInEitherPartOfABatch(int row, int column, float value, string shown)
    {
        var x = TestData.Uniform(15, -1, 1, 130, 784);
        int bad = 64 + row;
        x[bad, column] = value;
        var net = new Sequential(new Linear(784, 16, random: new Random(1)), new ReLU(), new Linear(16, 10, random: new Random(2)));
        OnThreads(2, () =>
        {
            var e = Assert.Throws<NonFiniteException>(() => Evaluator.Predict(net, x, 64));
            Assert.StartsWith($"Evaluator.Predict: x holds {shown} at row {bad}, column {column}", e.Message);
        });
        Assert.True(FiniteRows.All(x.Span.Slice(0, 64 * 784), 64));
        Assert.False(FiniteRows.All(x.Span.Slice(64 * 784, 64 * 784), 64));
    }

    private static Module[] Layers(string kind) => kind switch
    {
        "plain" => [new Linear(40, 64, random: new Random(3)), new Linear(64, 32, random: new Random(4)), new Linear(32, 6, random: new Random(5))],
        "nobias" => [new Linear(40, 64, bias: false, random: new Random(3)), new ReLU(), new Linear(64, 6, bias: false, random: new Random(4))],
        "relulast" => [new Linear(40, 64, random: new Random(3)), new ReLU(), new Linear(64, 6, random: new Random(4)), new ReLU()],
        "broken" => [new Linear(40, 64, random: new Random(3)), new ReLU(), new Linear(64, 32, random: new Random(4)), new TanH(),
            new Linear(32, 16, random: new Random(5)), new Linear(16, 6, random: new Random(6))],
        _ => [new Linear(40, 64, random: new Random(3)), new ReLU(), new Linear(64, 32, random: new Random(4)), new ReLU(),
            new Linear(32, 6, random: new Random(5))],
    };

    private static void OnThreads(int threads, Action action)
    {
        int saved = KernelSettings.MaxThreads;
        try
        {
            KernelSettings.MaxThreads = threads;
            action();
        }
        finally
        {
            KernelSettings.MaxThreads = saved;
        }
    }
}
