using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet.Training;
using Xunit;

namespace DiyNet.Tests.Modules;

/// <summary>Modes, settings and shape errors of the normalization, regularization and new activation modules.</summary>
public class ToolkitModuleTests
{
    [Fact]
    public void DropoutIsTheIdentityInEvaluationMode()
    {
        var x = TestData.Uniform(1, -1, 1, 16, 10);
        foreach (Module m in new Module[] { new Dropout(0.5f, new Random(1)), new Dropout2D(0.5f, new Random(2)) })
        {
            var input = m is Dropout2D ? x.Reshape(16, 2, 5, 1) : x;
            m.Eval();
            Assert.Equal(input.Span.ToArray(), m.Forward(input).Span.ToArray());
            Assert.Equal(input.Span.ToArray(), m.BackwardDelta(input, input).Span.ToArray());
            m.Train();
            Assert.NotEqual(input.Span.ToArray(), m.Forward(input).Span.ToArray());
        }
    }

    [Fact]
    public void DropoutKeepsAboutOneMinusPAndScalesTheKeptOnes()
    {
        var d = new Dropout(0.25f, new Random(3));
        var x = Tensor.Full(1f, 200, 100);
        var y = d.Forward(x).Span.ToArray();
        Assert.All(y, v => Assert.True(v == 0f || Math.Abs(v - 4f / 3f) < 1e-6f, $"value {v}"));
        double kept = y.Count(v => v != 0f) / (double)y.Length;
        Assert.InRange(kept, 0.74, 0.76);
        Assert.Equal(y, d.Mask!.Span.ToArray());
    }

    [Fact]
    public void TheSameSeedDrawsTheSameMasks()
    {
        var x = TestData.Uniform(4, -1, 1, 8, 9);
        var a = new Dropout(0.5f, new Random(7));
        var b = new Dropout(0.5f, new Random(7));
        for (int i = 0; i < 3; i++) Assert.Equal(a.Forward(x).Span.ToArray(), b.Forward(x).Span.ToArray());
    }

    [Fact]
    public void Dropout2DDropsWholeChannels()
    {
        var d = new Dropout2D(0.5f, new Random(5));
        var x = Tensor.Full(1f, 6, 3, 4, 7);
        var y = d.Forward(x);
        for (int n = 0; n < 6; n++)
            for (int c = 0; c < 7; c++)
            {
                float first = y[n, 0, 0, c];
                Assert.True(first is 0f or 2f, $"example {n}, channel {c}: {first}");
                for (int h = 0; h < 3; h++)
                    for (int w = 0; w < 4; w++) Assert.Equal(first, y[n, h, w, c]);
            }
    }

    [Fact]
    public void BatchNormUsesTheBatchInTrainingAndTheRunningStatisticsInEvaluation()
    {
        var bn = new BatchNorm2D(3);
        var x = TestData.Uniform(6, 2, 4, 5, 4, 4, 3);
        var y = bn.Forward(x).Clone();
        // Training: each channel of the output has mean 0 and (biased) variance 1 (γ = 1, β = 0).
        for (int c = 0; c < 3; c++)
        {
            var values = Enumerable.Range(0, 80).Select(i => (double)y.Span[i * 3 + c]).ToArray();
            Assert.True(Math.Abs(values.Average()) < 1e-5, $"channel {c}: mean {values.Average()}");
            Assert.True(Math.Abs(values.Select(v => v * v).Average() - 1) < 1e-3, $"channel {c}");
        }
        // The running mean moved a tenth of the way from 0 towards the batch mean (about 3).
        Assert.All(bn.RunningMean.Span.ToArray(), m => Assert.InRange(m, 0.25f, 0.35f));

        bn.Eval();
        var e = bn.Forward(x);
        for (int i = 0; i < x.Length; i++)
        {
            int c = i % 3;
            float expected = (x.Span[i] - bn.RunningMean.Span[c]) / MathF.Sqrt(bn.RunningVar.Span[c] + 1e-5f);
            Assert.True(Math.Abs(e.Span[i] - expected) < 1e-5f, $"element {i}: {e.Span[i]} vs {expected}");
        }
        // Evaluation does not touch the running statistics; a batch of one example is fine there.
        var mean = bn.RunningMean.Span.ToArray();
        bn.Forward(TestData.Uniform(7, 0, 1, 1, 1, 1, 3));
        Assert.Equal(mean, bn.RunningMean.Span.ToArray());
    }

    [Fact]
    public void BatchNormBuffersAreNamedAndTheEvaluatorUsesThem()
    {
        var net = new Sequential(new Linear(4, 3, random: new Random(1)), new BatchNorm1D(3));
        Assert.Equal(["1.running_mean", "1.running_var"], net.NamedBuffers().Select(b => b.Name));
        var x = TestData.Uniform(8, -1, 1, 10, 4);
        net.Forward(x);
        var before = net.NamedBuffers().Select(b => b.Value.Span.ToArray()).ToArray();
        Evaluator.Predict(net, x);
        Assert.Equal(before, net.NamedBuffers().Select(b => b.Value.Span.ToArray()).ToArray());
        Assert.True(net.IsTraining);
    }

    [Fact]
    public void ShapeErrorsNameTheModuleAndBothShapes()
    {
        var e = Assert.Throws<ShapeException>(() => new BatchNorm2D(16).Forward(new Tensor(2, 5, 5, 8)));
        Assert.Equal("BatchNorm2D(16): input has shape (2, 5, 5, 8), expected (N, H, W, 16).", e.Message);
        e = Assert.Throws<ShapeException>(() => new BatchNorm1D(4).Forward(new Tensor(1, 4)));
        Assert.Contains("more than one value per channel", e.Message);
        e = Assert.Throws<ShapeException>(() => new LayerNorm(6).Forward(new Tensor(3, 5)));
        Assert.Equal("LayerNorm(6): input has shape (3, 5), expected (N, …, 6).", e.Message);
        e = Assert.Throws<ShapeException>(() => new Dropout2D(0.2f).Forward(new Tensor(3, 5)));
        Assert.Equal("Dropout2D(0.2): input has shape (3, 5), expected (N, H, W, C) or (N, L, C).", e.Message);
        var gelu = new GELU();
        var x = new Tensor(2, 3);
        gelu.Forward(x);
        e = Assert.Throws<ShapeException>(() => gelu.BackwardDelta(x, new Tensor(3, 2)));
        Assert.Contains("delta has shape (3, 2), expected (2, 3)", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm2D(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm1D(3, momentum: 2f));
    }

    [Fact]
    public void ToStringShowsTheConfiguration()
    {
        Assert.Equal("BatchNorm2D(32)", new BatchNorm2D(32).ToString());
        Assert.Equal("BatchNorm1D(8, eps 0.001, momentum 0.3, no affine)", new BatchNorm1D(8, 1e-3f, 0.3f, affine: false).ToString());
        Assert.Equal("LayerNorm(64)", new LayerNorm(64).ToString());
        Assert.Equal("Dropout(0.5)", new Dropout().ToString());
        Assert.Equal("Dropout2D(0.25)", new Dropout2D(0.25f).ToString());
        Assert.Equal("ELU(1)", new ELU().ToString());
        Assert.Equal("GELU()", new GELU().ToString());
        Assert.Equal("SiLU()", new SiLU().ToString());
        Assert.Equal("Softplus(beta 1, threshold 20)", new Softplus().ToString());
    }
}
