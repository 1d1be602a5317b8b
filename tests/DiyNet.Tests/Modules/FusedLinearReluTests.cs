using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using Xunit;

namespace DiyNet.Tests.Modules;

/// <summary>
/// <see cref="Sequential"/> runs a Linear or a convolution followed by a ReLU as one fused product; outputs and every
/// gradient keep the bits of the two modules run one after the other.
/// </summary>
public class FusedLinearReluTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(300)]
    public void FusedForwardAndBackwardGiveTheBitsOfTheSeparateModules(int rows) =>
        AssertFusedMatchesSeparate(TestData.Uniform(1, -1, 1, rows, 40), 6,
            () => [new Linear(40, 64, random: new Random(3)), new ReLU(), new Linear(64, 6, random: new Random(4))]);

    // The chunked kernels (32 channels, padded and unpadded, 1×1), the GEMM path (more than 64 channels) and a
    // transposed convolution.
    [Theory]
    [InlineData("padded")]
    [InlineData("unpadded")]
    [InlineData("1x1")]
    [InlineData("wide")]
    [InlineData("transposed")]
    public void FusedConvolutionForwardAndBackwardGiveTheBitsOfTheSeparateModules(string kind)
    {
        var x = TestData.Uniform(5, -1, 1, 3, 9, 9, 4);
        Module Conv() => kind switch
        {
            "padded" => new Conv2D(3, 4, 32, padding: 1, random: new Random(6)),
            "unpadded" => new Conv2D(3, 4, 32, random: new Random(6)),
            "1x1" => new Conv2D(1, 4, 32, random: new Random(6)),
            "wide" => new Conv2D(3, 4, 72, padding: 1, random: new Random(6)),
            _ => new ConvTranspose2D(3, 4, 16, stride: 2, random: new Random(6)),
        };
        int features = new Sequential(Conv(), new Flatten()).Forward(x).Dim(1);
        AssertFusedMatchesSeparate(x, 5, () => [Conv(), new ReLU(), new Flatten(), new Linear(features, 5, random: new Random(7))]);
    }

    private static void AssertFusedMatchesSeparate(Tensor x, int classes, Func<Module[]> layers)
    {
        int rows = x.Dim(0);
        var y = TestData.OneHot(2, rows, classes);
        var fused = new Sequential(layers());
        var separate = layers();

        var loss = new CELogSoftmax();
        var outFused = fused.Forward(x);
        var inputs = new Tensor[separate.Length];
        Tensor h = x;
        for (int i = 0; i < separate.Length; i++)
        {
            inputs[i] = h;
            h = separate[i].Forward(h);
        }
        Assert.Equal(h.Span.ToArray(), outFused.Span.ToArray());

        var delta = loss.Backward(y, outFused).Clone();
        var gxFused = fused.Backward(x, delta).Clone();
        Tensor d = delta;
        for (int i = separate.Length - 1; i >= 0; i--) d = separate[i].Backward(inputs[i], d);
        Assert.Equal(d.Span.ToArray(), gxFused.Span.ToArray());
        var pf = fused.Parameters;
        var ps = separate.SelectMany(m => m.Parameters).ToArray();
        Assert.Equal(ps.Length, pf.Count);
        for (int i = 0; i < ps.Length; i++) Assert.Equal(ps[i].Gradient.Span.ToArray(), pf[i].Gradient.Span.ToArray());
    }
}
