using DiyNet.Metrics;
using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet.Training;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Training;

public class EvaluatorTests
{
    [Fact]
    public void EvaluateGivesTheMeanLossAndTheOneAccuracyRule()
    {
        var x = TestData.Uniform(4, -1, 1, 30, 5);
        var y = TestData.OneHot(5, 30, 3);
        var net = new Linear(5, 3, random: new Random(6));
        var (loss, accuracy) = Evaluator.Evaluate(net, new CELogSoftmax(), x, y, batchSize: 7);
        var yhat = Evaluator.Predict(net, x);
        Assert.Equal((float)Scores.Accuracy(y, yhat), accuracy);
        Assert.Equal(new CELogSoftmax().Mean(y, yhat), loss, 5);
    }

    [Fact]
    public void SgdReportsAccuracyOnlyForClassTargets()
    {
        var x = TestData.Uniform(3, 0, 1, 40, 4);
        var ae = new Sequential(new Linear(4, 2, random: new Random(1)), new Linear(2, 4, random: new Random(2)), new Sigmoid());
        var h = Trainer.Train(ae, new BCELoss(), x, x, new TrainingOptions { Epochs = 2, ValidationX = x, ValidationY = x });
        Assert.All(h.Epochs, e => Assert.Null(e.ValidationAccuracy));
        Assert.All(h.Epochs, e => Assert.NotNull(e.ValidationLoss));
    }

    // Predict in chunks of views gives, row for row, what one forward pass over each chunk's copy gives; the
    // overload with an output writes the same values there and allocates nothing per call.
    [Fact]
    public void PredictByChunksMatchesForwardPassesAndIntoAnOutputAllocatesNothing()
    {
        var net = new Sequential(new Linear(12, 16, random: new Random(1)), new ReLU(), new Linear(16, 5, random: new Random(2)));
        var x = TestData.Uniform(3, -1, 1, 70, 12);
        var all = Evaluator.Predict(net, x, batchSize: 32);
        Assert.Equal([70, 5], all.Shape.ToArray());
        for (int start = 0; start < 70; start += 32)
        {
            int count = Math.Min(32, 70 - start);
            var copy = new Tensor(count, 12);
            x.Span.Slice(start * 12, count * 12).CopyTo(copy.Span);
            var y = net.Forward(copy);
            Assert.Equal(y.Span.ToArray(), all.Span.Slice(start * 5, count * 5).ToArray());
        }

        var output = new Tensor(70, 5);
        Evaluator.Predict(net, x, output, batchSize: 32);
        Assert.Equal(all.Span.ToArray(), output.Span.ToArray());
        long fewest = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 50; i++) Evaluator.Predict(net, x, output, batchSize: 32);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.True(fewest <= 1024, $"{fewest} bytes over 50 calls of Predict into an output");
    }

    // Predict packs the weights of its Linear layers once per call: a change of the weights between two calls (an
    // optimizer step, a loaded state) shows in the next prediction, which matches a forward pass bit for bit.
    [Fact]
    public void PredictSeesWeightsChangedBetweenCalls()
    {
        var net = new Sequential(new Linear(30, 40, random: new Random(1)), new ReLU(), new Linear(40, 7, random: new Random(2)));
        var x = TestData.Uniform(4, -1, 1, 50, 30);
        var before = Evaluator.Predict(net, x, batchSize: 16);
        var weight = net.Parameters[0].Value.Span;
        for (int i = 0; i < weight.Length; i++) weight[i] *= -0.5f;
        var after = Evaluator.Predict(net, x, batchSize: 16);
        Assert.NotEqual(before.Span.ToArray(), after.Span.ToArray());
        net.Eval();
        var copy = new Tensor(16, 30);
        x.Span.Slice(0, 16 * 30).CopyTo(copy.Span);
        Assert.Equal(net.Forward(copy).Span.ToArray(), after.Span.Slice(0, 16 * 7).ToArray());
    }

    [Fact]
    public void PredictRefusesAnOutputOfTheWrongShape()
    {
        var net = new Sequential(new Linear(4, 3, random: new Random(1)));
        var x = TestData.Uniform(2, 0, 1, 10, 4);
        var rows = Assert.Throws<ArgumentException>(() => Evaluator.Predict(net, x, new Tensor(9, 3)));
        Assert.Contains("expected 10 rows", rows.Message);
        var columns = Assert.Throws<ArgumentException>(() => Evaluator.Predict(net, x, new Tensor(10, 2)));
        Assert.Contains("the network gives (10, 3)", columns.Message);
    }
}
