using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using DiyNet.Training;
using Xunit;

namespace DiyNet.Tests.Reliability;

/// <summary>NaN, infinity and divergence are reported as what they are, never as "lower the learning rate" or a class.</summary>
public class NonFiniteTests
{
    private static Sequential Net() => new(new Linear(4, 6, random: new Random(1)), new TanH(), new Linear(6, 3, random: new Random(2)));

    [Fact]
    public void NaNInTheInputsIsReportedWithItsRowBeforeTraining()
    {
        var x = TestData.Uniform(1, -1, 1, 20, 4);
        x[13, 2] = float.NaN;
        var net = Net();
        var before = net.Parameters[0].Value.Clone();
        var e = Assert.Throws<NonFiniteException>(() => Trainer.Train(net, new CELogSoftmax(), x, TestData.OneHot(2, 20, 3), new TrainingOptions { Epochs = 1 }));
        Assert.StartsWith("Trainer: x holds NaN at row 13, column 2", e.Message);
        Assert.DoesNotContain("learning rate", e.Message);
        Assert.Equal(13, e.Row);
        Assert.Equal(before.Span.ToArray(), net.Parameters[0].Value.Span.ToArray());
    }

    [Fact]
    public void InfinityInTheTargetsIsReportedWithItsRow()
    {
        var y = TestData.OneHot(2, 20, 3);
        y[7, 0] = float.PositiveInfinity;
        var e = Assert.Throws<NonFiniteException>(() => Trainer.Train(Net(), new CELogSoftmax(), TestData.Uniform(1, -1, 1, 20, 4), y, new TrainingOptions { Epochs = 1 }));
        Assert.StartsWith("Trainer: y holds ∞ at row 7, column 0", e.Message.Replace("Infinity", "∞"));
    }

    [Fact]
    public void AStepOnABatchWithNaNNamesTheBatchNotTheLearningRate()
    {
        var x = TestData.Uniform(1, -1, 1, 8, 4);
        x[5, 1] = float.NaN;
        var e = Assert.Throws<NonFiniteException>(() => new Optim(Net(), new CELogSoftmax(), 0.1f).Step(x, TestData.OneHot(2, 8, 3)));
        Assert.StartsWith("Optim: step 1: the batch x holds NaN at row 5, column 1", e.Message);
    }

    [Fact]
    public void PredictRefusesRowsWithNaNInsteadOfGivingThemAClass()
    {
        var x = TestData.Uniform(1, -1, 1, 10, 4);
        x[4, 3] = float.NaN;
        var e = Assert.Throws<NonFiniteException>(() => Evaluator.Predict(Net(), x));
        Assert.StartsWith("Evaluator.Predict: x holds NaN at row 4, column 3", e.Message);
    }

    [Fact]
    public void RawScoresGivenToBCELossAreNamedAsSuch()
    {
        var net = new Sequential(new Linear(4, 2, random: new Random(1)));   // no Sigmoid: raw scores
        var x = TestData.Uniform(1, -3, 3, 16, 4);
        var y = Tensor.FromArray(Enumerable.Range(0, 32).Select(i => (float)(i % 2)).ToArray(), 16, 2);
        var e = Assert.Throws<TrainingDivergedException>(() => new Optim(net, new BCELoss(), 0.1f).Step(x, y));
        Assert.Contains("BCELoss() expects probabilities in [0, 1] but the network output holds", e.Message);
        Assert.Contains("Sigmoid", e.Message);
        Assert.DoesNotContain("Lower the learning rate", e.Message);
    }

    [Fact]
    public void RawScoresGivenToCrossEntropyLossAreNamedAsSuch()
    {
        var e = Assert.Throws<TrainingDivergedException>(() =>
            new Optim(Net(), new CrossEntropyLoss(), 0.1f).Step(TestData.Uniform(1, -3, 3, 16, 4), TestData.OneHot(2, 16, 3)));
        Assert.Contains("CrossEntropyLoss() expects probabilities in [0, 1]", e.Message);
        Assert.Contains("CELogSoftmax", e.Message);
    }

    // Adam at a learning rate of 1e3 on unscaled 0–255 pixels: the loss explodes without ever being NaN.
    private static TrainingHistory Diverging(TrainingOptions options)
    {
        var digits = EmbeddedData.Digits();
        var x = Tensor.FromArray(digits.X.Span[..(300 * 64)].ToArray(), 300, 64);
        TensorPrimitivesScale(x, 16f);
        var y = Preparation.OneHot(digits.Labels[..300], 10);
        var net = new Sequential(new Linear(64, 32, random: new Random(1)), new ReLU(), new Linear(32, 10, random: new Random(2)));
        return Trainer.Train(net, new CELogSoftmax(), x, y, options with { Rule = UpdateRules.Adam(), LearningRate = 1e3f, Epochs = 8, Seed = 1 });
    }

    private static void TensorPrimitivesScale(Tensor x, float factor) =>
        System.Numerics.Tensors.TensorPrimitives.Multiply(x.Span, factor, x.Span);

    [Fact]
    public void ALossThatGrowsTenfoldForEpochsRaisesADivergenceWarning()
    {
        var warnings = new List<string>();
        var history = Diverging(new TrainingOptions { OnWarning = warnings.Add });
        Assert.Single(warnings);
        Assert.Equal(warnings, history.Warnings);
        Assert.Contains("Trainer: training diverges", warnings[0]);
        Assert.Contains("Lower the learning rate or scale the inputs", warnings[0]);
    }

    [Fact]
    public void StopOnDivergenceTurnsTheWarningIntoAnError()
    {
        var e = Assert.Throws<TrainingDivergedException>(() => Diverging(new TrainingOptions { StopOnDivergence = true, OnWarning = _ => { } }));
        Assert.Contains("training diverges", e.Message);
    }

    [Fact]
    public void AHealthyRunHasNoWarning()
    {
        var digits = EmbeddedData.Digits().Scaled(1f / 16);
        var net = new Sequential(new Linear(64, 32, random: new Random(1)), new ReLU(), new Linear(32, 10, random: new Random(2)));
        var history = Trainer.Train(net, new CELogSoftmax(), digits.X, digits.OneHot(),
            new TrainingOptions { Epochs = 5, LearningRate = 0.05f, Seed = 1, OnWarning = w => Assert.Fail(w) });
        Assert.Empty(history.Warnings);
    }
}
