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

    // Convolution → ReLU → max pooling, pooled image by image as the convolution writes them: padded and unpadded,
    // 1×1, fewer than 8 channels, overlapping windows, floor mode, 1-D, the GEMM path (more than 64 channels: not
    // fused) and a batch cut into parts over the kernel threads; in training and in evaluation mode.
    [Theory]
    [InlineData("padded", false)]
    [InlineData("padded", true)]
    [InlineData("unpadded", false)]
    [InlineData("1x1", true)]
    [InlineData("narrow", false)]
    [InlineData("narrow", true)]
    [InlineData("overlapping", false)]
    [InlineData("floor", true)]
    [InlineData("1d", false)]
    [InlineData("wide", false)]
    [InlineData("parts", false)]
    [InlineData("parts", true)]
    public void ConvolutionReluMaxPoolingGiveTheBitsOfTheSeparateModules(string kind, bool eval)
    {
        var x = kind switch
        {
            "1d" => TestData.Uniform(5, -1, 1, 6, 30, 4),
            "floor" => TestData.Uniform(5, -1, 1, 3, 11, 10, 4),
            "parts" => TestData.Uniform(5, -1, 1, 64, 12, 12, 4),
            _ => TestData.Uniform(5, -1, 1, 3, 9, 9, 4),
        };
        Module[] Layers() => kind switch
        {
            "padded" or "parts" => [new Conv2D(3, 4, 32, padding: 1, random: new Random(6)), new ReLU(), new MaxPool2D(2)],
            "unpadded" => [new Conv2D(3, 4, 16, random: new Random(6)), new ReLU(), new MaxPool2D(2)],
            "1x1" => [new Conv2D(1, 4, 24, random: new Random(6)), new ReLU(), new MaxPool2D(2)],
            "narrow" => [new Conv2D(3, 4, 5, padding: 1, random: new Random(6)), new ReLU(), new MaxPool2D(2)],
            "overlapping" => [new Conv2D(3, 4, 16, padding: 1, random: new Random(6)), new ReLU(), new MaxPool2D(3, 2)],
            "floor" => [new Conv2D(2, 4, 8, random: new Random(6)), new ReLU(), new MaxPool2D(3)],
            "1d" => [new Conv1D(3, 4, 8, padding: 1, random: new Random(6)), new ReLU(), new MaxPool1D(2)],
            _ => [new Conv2D(3, 4, 72, padding: 1, random: new Random(6)), new ReLU(), new MaxPool2D(2)],
        };
        int features = new Sequential(Layers()).Forward(x).Length / x.Dim(0);
        int saved = DiyNet.Kernels.KernelSettings.MaxThreads;
        try
        {
            DiyNet.Kernels.KernelSettings.MaxThreads = kind == "parts" ? 2 : 1;
            AssertFusedMatchesSeparate(x, 5, () => [.. Layers(), new Flatten(), new Linear(features, 5, random: new Random(7))], eval);
        }
        finally
        {
            DiyNet.Kernels.KernelSettings.MaxThreads = saved;
        }
    }

    private static void AssertFusedMatchesSeparate(Tensor x, int classes, Func<Module[]> layers, bool eval = false)
    {
        int rows = x.Dim(0);
        var y = TestData.OneHot(2, rows, classes);
        var fused = new Sequential(layers());
        var separate = layers();
        if (eval)
        {
            fused.Eval();
            foreach (var m in separate) m.Eval();
        }

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
