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
    public void ClassTargetsAreRecognized()
    {
        Assert.True(Evaluator.IsClassTarget(TestData.OneHot(1, 5, 3)));
        Assert.True(Evaluator.IsClassTarget(Tensor.FromArray([0f, 1f, 1f], 3, 1)));
        Assert.True(Evaluator.IsClassTarget(Tensor.FromArray([-1f, 1f, 1f], 3, 1)));
        Assert.False(Evaluator.IsClassTarget(Tensor.FromArray([0.5f, 1f, 0f], 3, 1)));       // regression
        Assert.False(Evaluator.IsClassTarget(TestData.Uniform(2, 0, 1, 4, 6)));             // pixels (autoencoder)
        Assert.False(Evaluator.IsClassTarget(Tensor.FromArray([1f, 1f, 0f, 0f], 2, 2)));    // two ones in a row
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
}
