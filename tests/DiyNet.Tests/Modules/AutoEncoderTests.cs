using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using DiyNet.Training;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Modules;

public class AutoEncoderTests
{
    [Fact]
    public void ForwardDecodesTheEncoderOutputAndLatentIsTheCode()
    {
        var encoder = new Sequential(new Linear(6, 3, random: new Random(1)), new TanH());
        var decoder = new Sequential(new Linear(3, 6, random: new Random(2)), new Sigmoid());
        var ae = new AutoEncoder(encoder, decoder);
        var x = TestData.Uniform(1, 0, 1, 5, 6);
        var code = encoder.Forward(x).Clone();
        var expected = decoder.Forward(code).Clone();
        Assert.Equal(expected.Span.ToArray(), ae.Forward(x).Span.ToArray());
        Assert.Equal(code.Span.ToArray(), ae.Latent(x).Span.ToArray());
        Assert.Equal(encoder.Parameters.Concat(decoder.Parameters), ae.Parameters);
    }

    [Fact]
    public void BackwardGoesThroughTheDecoderThenTheEncoder()
    {
        var ae = AutoEncoder.Dense(6, [5], 3, [4], random: new Random(3));
        var x = TestData.Uniform(2, 0, 1, 4, 6);
        var delta = TestData.Uniform(3, -1, 1, 4, 6);
        ae.Forward(x);
        var gradInput = ae.Backward(x, delta).Clone();
        var grads = ae.Parameters.Select(p => p.Gradient.Clone()).ToArray();

        ae.ZeroGrad();
        ae.Forward(x);
        ae.BackwardUpdateGradient(x, delta);
        var separate = ae.BackwardDelta(x, delta);
        Assert.Equal(gradInput.Span.ToArray(), separate.Span.ToArray());
        for (int i = 0; i < grads.Length; i++) Assert.Equal(grads[i].Span.ToArray(), ae.Parameters[i].Gradient.Span.ToArray());
        Assert.All(grads, g => Assert.Contains(g.Span.ToArray(), v => v != 0f));
    }

    [Fact]
    public void DenseBuildsReport002sBaseline()
    {
        var ae = AutoEncoder.Dense(64, [200], 50, [200], random: new Random(4));
        // Linear(64,200)→TanH→Linear(200,50)→TanH / Linear(50,200)→TanH→Linear(200,64)→Sigmoid.
        Assert.Equal(64 * 200 + 200 + 200 * 50 + 50 + 50 * 200 + 200 + 200 * 64 + 64, ae.ParameterCount);
        var encoder = Assert.IsType<Sequential>(ae.Encoder);
        var decoder = Assert.IsType<Sequential>(ae.Decoder);
        Assert.Equal(["Linear", "TanH", "Linear", "TanH"], encoder.Children.Select(m => m.GetType().Name));
        Assert.Equal(["Linear", "TanH", "Linear", "Sigmoid"], decoder.Children.Select(m => m.GetType().Name));
        var x = TestData.Uniform(4, 0, 1, 7, 64);
        var y = ae.Forward(x);
        Assert.Equal([7, 64], y.Shape.ToArray());
        Assert.All(y.Span.ToArray(), v => Assert.InRange(v, 0f, 1f));
        Assert.Equal([7, 50], ae.Latent(x).Shape.ToArray());
        Assert.Equal(3 * 2 + 2 + 2 * 3 + 3, AutoEncoder.Dense(3, [], 2, [], random: new Random(5)).ParameterCount);
    }

    [Fact]
    public void LatentCodesRunsInChunksIntoAFreshTensor()
    {
        var ae = AutoEncoder.Dense(8, [6], 3, [6], random: new Random(6));
        var x = TestData.Uniform(5, 0, 1, 10, 8);
        var whole = ae.Latent(x).Clone();
        var chunked = ae.LatentCodes(x, batchSize: 3);
        var kept = chunked.Clone();
        Assert.Equal([10, 3], chunked.Shape.ToArray());
        // Vectorized and scalar tails of TanH round differently: equal to float precision, not bit for bit.
        for (int i = 0; i < whole.Length; i++) Assert.Equal(whole.Span[i], chunked.Span[i], 1e-6f);
        ae.Latent(TestData.Uniform(6, 0, 1, 10, 8));
        ae.LatentCodes(TestData.Uniform(7, 0, 1, 10, 8), batchSize: 4);
        Assert.Equal(kept.Span.ToArray(), chunked.Span.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => ae.LatentCodes(x, batchSize: 0));
    }

    [Fact]
    public void ChildFailuresNameTheEncoderOrTheDecoder()
    {
        var ae = AutoEncoder.Dense(8, [6], 3, [6], random: new Random(7));
        var e = Assert.Throws<AutoEncoderException>(() => ae.Forward(new Tensor(2, 5)));
        Assert.Contains("encoder", e.Message);
        Assert.Contains("(N, 8)", e.Message);
        var mismatched = new AutoEncoder(new Linear(8, 3, random: new Random(8)), new Linear(4, 8, random: new Random(9)));
        var d = Assert.Throws<AutoEncoderException>(() => mismatched.Forward(new Tensor(2, 8)));
        Assert.Contains("decoder", d.Message);
        Assert.Throws<AutoEncoderException>(() => ae.LatentCodes(new Tensor(3, 5)));
        Assert.Throws<BackwardInputException>(() => AutoEncoder.Dense(2, [], 1, []).BackwardDelta(new Tensor(1, 2), new Tensor(1, 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => AutoEncoder.Dense(8, [0], 3, []));
    }

    [Fact]
    public void LearnsToReconstructDataOnALowDimensionalManifold()
    {
        // 16 features that are sigmoids of 2 hidden factors: a 4-dimensional code can reconstruct them.
        var random = new Random(10);
        var mixing = TestData.Uniform(11, -3, 3, 2, 16);
        var x = new Tensor(256, 16);
        for (int i = 0; i < 256; i++)
        {
            float a = random.NextGaussian(), b = random.NextGaussian();
            for (int j = 0; j < 16; j++) x[i, j] = 1f / (1f + MathF.Exp(-(a * mixing[0, j] + b * mixing[1, j])));
        }
        var ae = AutoEncoder.Dense(16, [32], 4, [32], random: new Random(12));
        var history = Trainer.Train(ae, new MSELoss(), x, x, new TrainingOptions { BatchSize = 16, Epochs = 60, LearningRate = 0.05f, Rule = UpdateRules.Momentum(0.9f), Seed = 13 });
        float first = history.TrainLoss[0], last = history.TrainLoss[^1];
        Assert.True(last < 0.1f * first, $"seeds 10-13: reconstruction loss {first} → {last}");
    }
}
