using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet.Training;
using Xunit;

namespace DiyNet.Tests.Reliability;

/// <summary>Many threads predict with one trained network at once, with the bits of single-threaded Forward.</summary>
public class PredictorTests
{
    private static Sequential Net() => new(
        new Linear(64, 48, random: new Random(1)), new BatchNorm1D(48), new ReLU(), new Dropout(0.3f, new Random(2)),
        new Linear(48, 10, random: new Random(3)), new Softmax());

    [Fact]
    public void SixteenThreadsTimesTenThousandCallsGiveTheBitsOfSequentialForward()
    {
        var net = Net();
        net.Forward(TestData.Uniform(9, -1, 1, 32, 64));   // running statistics that differ from their initial values
        net.Eval();
        var inputs = Enumerable.Range(0, 64).Select(i => TestData.Uniform(100 + i, -2, 2, 1 + i % 8, 64)).ToArray();
        var expected = inputs.Select(x => net.Forward(x).Span.ToArray()).ToArray();
        var predictor = new Predictor(net);
        const int Threads = 16, Calls = 10_000;
        var mismatches = new int[Threads];
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            Span<float> into = stackalloc float[80];
            for (int i = 0; i < Calls; i++)
            {
                int k = (t * 7 + i * 13) % inputs.Length;
                bool same = i % 2 == 0
                    ? predictor.Predict(inputs[k]).Span.SequenceEqual(expected[k])
                    : into[..predictor.Predict(inputs[k], into)].SequenceEqual(expected[k]);
                if (!same) mismatches[t]++;
            }
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        Assert.All(threads, thread => Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "a predictor thread did not finish in 60 s"));
        Assert.Equal(new int[Threads], mismatches);
        Assert.InRange(predictor.Replicas, 1, Threads);
    }

    [Fact]
    public void TheWeightsAreASnapshotAndNaNRowsAreRefused()
    {
        var net = Net();
        net.Eval();
        var x = TestData.Uniform(5, -1, 1, 3, 64);
        var before = net.Forward(x).Span.ToArray();
        var predictor = new Predictor(net);
        ((Linear)net[0]).Weight.Value.Span.Fill(0.5f);
        Assert.Equal(before, predictor.Predict(x).Span.ToArray());
        x[2, 10] = float.NaN;
        var e = Assert.Throws<NonFiniteException>(() => predictor.Predict(x));
        Assert.StartsWith("Predictor: x holds NaN at row 2, column 10", e.Message);
    }

    [Fact]
    public void AShortOutputSpanIsRefused()
    {
        var predictor = new Predictor(Net());
        var e = Assert.Throws<ArgumentException>(() => predictor.Predict(TestData.Uniform(1, -1, 1, 2, 64), new float[19]));
        Assert.Contains("need 20", e.Message);
    }
}
