using DiyNet.Metrics;
using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using DiyNet.Training;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Training;

/// <summary>Convolutional networks train end to end with the Trainer: a task a convolution solves easily, and a convolutional
/// autoencoder whose reconstruction error falls.</summary>
public class ConvLearningTests
{
    // 8×8 images holding one bright horizontal or vertical bar (anywhere) in noise; class = orientation.
    private static (Tensor X, Tensor Y) Bars(int seed, int n)
    {
        var random = new Random(seed);
        var x = new Tensor(n, 8, 8, 1);
        var y = new Tensor(n, 2);
        for (int i = 0; i < n; i++)
        {
            bool vertical = random.Next(2) == 1;
            int at = random.Next(8), from = random.Next(3), length = 4 + random.Next(2);
            for (int h = 0; h < 8; h++)
                for (int w = 0; w < 8; w++) x[i, h, w, 0] = 0.3f * random.NextSingle();
            for (int t = from; t < from + length; t++)
                if (vertical) x[i, t, at, 0] = 1f;
                else x[i, at, t, 0] = 1f;
            y[i, vertical ? 1 : 0] = 1f;
        }
        return (x, y);
    }

    [Fact]
    public void ACnnLearnsBarOrientation()
    {
        const int seed = 3;
        var (x, y) = Bars(seed, 512);
        var (tx, ty) = Bars(seed + 1, 256);
        var net = new Sequential(new Conv2D(3, 1, 8, padding: 1, random: new Random(seed)), new ReLU(), new MaxPool2D(2),
            new Conv2D(3, 8, 8, random: new Random(seed + 2)), new ReLU(), new Flatten(), new Linear(32, 2, random: new Random(seed + 3)));
        Trainer.Train(net, new CELogSoftmax(), x, y, new TrainingOptions { BatchSize = 32, Epochs = 15, LearningRate = 0.1f, Seed = seed });
        double accuracy = Scores.Accuracy(ty, Evaluator.Predict(net, tx));
        Assert.True(accuracy > 0.95f, $"seed {seed}: test accuracy {accuracy}");
    }

    [Fact]
    public void AConvolutionalAutoencoderReducesItsReconstructionError()
    {
        const int seed = 5;
        var (x, _) = Bars(seed, 256);
        var flat = x.Reshape(256, 64);
        var net = new Sequential(
            new Unflatten(8, 8, 1), new Conv2D(3, 1, 8, stride: 2, padding: 1, random: new Random(seed)), new TanH(),
            new Conv2D(3, 8, 4, stride: 2, padding: 1, random: new Random(seed + 1)), new TanH(),
            new ConvTranspose2D(3, 4, 8, stride: 2, padding: 1, outputPadding: 1, random: new Random(seed + 2)), new TanH(),
            new ConvTranspose2D(3, 8, 1, stride: 2, padding: 1, outputPadding: 1, random: new Random(seed + 3)), new Sigmoid(),
            new Flatten());
        var history = Trainer.Train(net, new BCELoss(), flat, flat,
            new TrainingOptions { BatchSize = 16, Epochs = 30, LearningRate = 0.05f, Rule = UpdateRules.Momentum(0.9f), Seed = seed });
        // The baseline: the best constant image (the mean), which knows nothing of where the bar is.
        var mean = new Tensor(256, 64);
        for (int j = 0; j < 64; j++)
        {
            float m = 0;
            for (int i = 0; i < 256; i++) m += flat[i, j];
            for (int i = 0; i < 256; i++) mean[i, j] = m / 256;
        }
        float baseline = new BCELoss().Mean(flat, mean), last = history.Epochs[^1].TrainLoss;
        Assert.True(last < 0.9f * baseline, $"seed {seed}: BCE per image {history.Epochs[0].TrainLoss} → {last}, mean image {baseline}");
    }
}
