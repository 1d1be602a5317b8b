using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Metrics;
using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet.Training;
using Xunit;

namespace DiyNet.Tests;

/// <summary>The README's first-network example, verbatim, so that it keeps compiling and keeps working.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void TheReadmeExampleTrainsAGoodDigitClassifier()
    {
        var digits = EmbeddedData.Digits().Scaled(1f / 16);          // 1797 8×8 digits, embedded in the library
        var (train, test) = digits.Split(testFraction: 0.3, seed: 1);

        Rng.ManualSeed(1);
        var net = new Sequential(
            new Linear(64, 100), new ReLU(),
            new Linear(100, 10));                                     // raw scores; the loss does the log-softmax

        var history = Trainer.Train(net, new CELogSoftmax(), train.X, train.OneHot(), new TrainingOptions
        {
            BatchSize = 32, Epochs = 60, LearningRate = 0.05f, Seed = 1,
            ValidationX = test.X, ValidationY = test.OneHot(),
        });

        var confusion = new ConfusionMatrix(test.Labels, Evaluator.Predict(net, test.X).ArgMaxRows(), 10);
        Assert.StartsWith("Sequential(", net.ToString());
        Assert.True(history.Epochs[^1].ValidationAccuracy > 0.95, $"seed 1: test accuracy {history.Epochs[^1].ValidationAccuracy}");
        Assert.Equal(history.Epochs[^1].ValidationAccuracy!.Value, confusion.Accuracy, 5);
        Assert.Contains("precision", confusion.Report().ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
