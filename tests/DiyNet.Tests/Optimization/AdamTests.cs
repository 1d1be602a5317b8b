using DiyNet.Metrics;
using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using DiyNet.Training;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Optimization;

public class AdamTests
{
    private static Sequential Net(int seed) => new(new Linear(3, 2, random: new Random(seed)));

    /// <summary>The gradient of the MSE on (x, y) at the network's current weights, computed on a copy.</summary>
    private static float[][] Gradients(Module net, Tensor x, Tensor y)
    {
        var loss = new MSELoss();
        net.ZeroGrad();
        net.BackwardUpdateGradient(x, loss.Backward(y, net.Forward(x)));
        var g = net.Parameters.Select(p => p.Gradient.Span.ToArray()).ToArray();
        net.ZeroGrad();
        return g;
    }

    [Fact]
    public void TwoStepsMatchTheFormulaWithBiasCorrection()
    {
        const int seed = 3;
        const double lr = 0.01, b1 = 0.9, b2 = 0.999, delta = 1e-8;
        var net = Net(seed);
        var x = TestData.Uniform(seed, -1, 1, 4, 3);
        var y = TestData.Uniform(seed + 1, -1, 1, 4, 2);
        var optim = new Optim(net, new MSELoss(), (float)lr, UpdateRules.Adam());
        var p = net.Parameters.Select(q => q.Value.Span.ToArray().Select(v => (double)v).ToArray()).ToArray();
        var m = p.Select(a => new double[a.Length]).ToArray();
        var v = p.Select(a => new double[a.Length]).ToArray();
        for (int t = 1; t <= 2; t++)
        {
            var g = Gradients(net, x, y);
            optim.Step(x, y);
            for (int i = 0; i < p.Length; i++)
                for (int j = 0; j < p[i].Length; j++)
                {
                    m[i][j] = b1 * m[i][j] + (1 - b1) * g[i][j];
                    v[i][j] = b2 * v[i][j] + (1 - b2) * g[i][j] * g[i][j];
                    double mHat = m[i][j] / (1 - Math.Pow(b1, t)), vHat = v[i][j] / (1 - Math.Pow(b2, t));
                    p[i][j] -= lr * mHat / (Math.Sqrt(vHat) + delta);
                    float actual = net.Parameters[i].Value.Span[j];
                    Assert.True(Math.Abs(actual - p[i][j]) < 1e-6, $"seed {seed}, step {t}, parameter {i}[{j}]: expected {p[i][j]}, got {actual}");
                }
            foreach (var q in net.Parameters) Assert.All(q.Gradient.Span.ToArray(), gj => Assert.Equal(0f, gj));
        }
        Assert.Equal(2, optim.Steps);
    }

    [Fact]
    public void FirstStepMovesEveryWeightByTheLearningRate()
    {
        // At t = 1, m̂ = g and v̂ = g², so each weight moves by lr·sign(g) (up to δ).
        const int seed = 5;
        var net = Net(seed);
        var x = TestData.Uniform(seed, -1, 1, 6, 3);
        var y = TestData.Uniform(seed + 1, -1, 1, 6, 2);
        var before = net.Parameters.Select(q => q.Value.Span.ToArray()).ToArray();
        var g = Gradients(net, x, y);
        new Optim(net, new MSELoss(), 0.05f, UpdateRules.Adam()).Step(x, y);
        for (int i = 0; i < before.Length; i++)
            for (int j = 0; j < before[i].Length; j++)
                Assert.True(Math.Abs(before[i][j] - 0.05f * MathF.Sign(g[i][j]) - net.Parameters[i].Value.Span[j]) < 1e-5,
                    $"seed {seed}, parameter {i}[{j}], gradient {g[i][j]}");
    }

    [Fact]
    public void AdamThroughTheTrainerFitsASmallClassification()
    {
        const int seed = 11;
        var x = TestData.Uniform(seed, -1, 1, 300, 2);
        var y = new Tensor(300, 2);
        for (int i = 0; i < 300; i++) y[i, x[i, 0] * x[i, 1] > 0 ? 1 : 0] = 1f;   // XOR quadrants
        var net = new Sequential(new Linear(2, 32, init: Init.He, random: new Random(seed)), new ReLU(), new Linear(32, 2, random: new Random(seed + 1)));
        var history = Trainer.Train(net, new CELogSoftmax(), x, y, new TrainingOptions { BatchSize = 32, Epochs = 150, LearningRate = 0.01f, Rule = UpdateRules.Adam(), Seed = seed });
        double accuracy = Scores.Accuracy(y, Evaluator.Predict(net, x));
        Assert.True(history.Epochs[^1].TrainLoss < 0.25f * history.Epochs[0].TrainLoss, $"seed {seed}: loss {history.Epochs[0].TrainLoss} → {history.Epochs[^1].TrainLoss}");
        Assert.True(accuracy > 0.95f, $"seed {seed}: train accuracy {accuracy}");
    }

    [Fact]
    public void NonFiniteLossLeavesTheWeightsUnchanged()
    {
        var net = Net(1);
        var x = TestData.Uniform(1, -1, 1, 4, 3);
        x[2, 1] = float.NaN;
        var before = net.Parameters.SelectMany(q => q.Value.Span.ToArray()).ToArray();
        var optim = new Optim(net, new MSELoss(), 0.01f, UpdateRules.Adam());
        Assert.Throws<NonFiniteException>(() => optim.Step(x, TestData.Uniform(2, -1, 1, 4, 2)));
        Assert.Equal(before, net.Parameters.SelectMany(q => q.Value.Span.ToArray()).ToArray());
    }

    [Fact]
    public void InvalidSettingsAreRejected()
    {
        var net = Net(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Optim(net, new MSELoss(), 0f, UpdateRules.Adam()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Optim(net, new MSELoss(), 0.01f, UpdateRules.Adam(beta1: 1f)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Optim(net, new MSELoss(), 0.01f, UpdateRules.Adam(beta2: -0.1f)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Optim(net, new MSELoss(), 0.01f, UpdateRules.Adam(epsilon: 0f)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Optim(net, new MSELoss(), 0.01f, UpdateRules.Adam(weightDecay: -1f)));
    }

    [Fact]
    public void ThreeStepsMatchPyTorch()
    {
        // torch.optim.Adam(lr=0.01) on x @ W + b with the MSE summed over features, averaged over the batch (PyTorch 1.13).
        var linear = new Linear(3, 2);
        new float[] { 0.5f, -0.3f, 0.1f, 0.2f, -0.4f, 0.7f }.CopyTo(linear.Weight.Value.Span);
        new float[] { 0.05f, -0.1f }.CopyTo(linear.Bias!.Value.Span);
        var x = new Tensor(4, 3);
        new float[] { 1, 2, -1, 0.5f, -0.5f, 0.25f, -1, 0, 2, 0.3f, 0.3f, 0.3f }.CopyTo(x.Span);
        var y = new Tensor(4, 2);
        new float[] { 1, 0, 0, 1, 0.5f, 0.5f, -1, 2 }.CopyTo(y.Span);
        var optim = new Optim(linear, new MSELoss(), 0.01f, UpdateRules.Adam());
        for (int t = 0; t < 3; t++) optim.Step(x, y);
        float[] w = [0.47002950f, -0.27002889f, 0.07019545f, 0.22989964f, -0.37004060f, 0.67004955f];
        float[] b = [0.07987050f, -0.07001984f];
        for (int j = 0; j < w.Length; j++) Assert.True(Math.Abs(w[j] - linear.Weight.Value.Span[j]) < 2e-6f, $"W[{j}]: PyTorch {w[j]}, DiyNet {linear.Weight.Value.Span[j]}");
        for (int j = 0; j < b.Length; j++) Assert.True(Math.Abs(b[j] - linear.Bias.Value.Span[j]) < 2e-6f, $"b[{j}]: PyTorch {b[j]}, DiyNet {linear.Bias.Value.Span[j]}");
    }
}
