using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using Xunit;

namespace DiyNet.Tests.Modules;

/// <summary>
/// <see cref="Sequential"/> runs a Linear followed by a ReLU as one fused product; outputs and every gradient keep
/// the bits of the two modules run one after the other.
/// </summary>
public class FusedLinearReluTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(300)]
    public void FusedForwardAndBackwardGiveTheBitsOfTheSeparateModules(int rows)
    {
        var x = TestData.Uniform(1, -1, 1, rows, 40);
        var y = TestData.OneHot(2, rows, 6);
        Module[] Layers() => [new Linear(40, 64, random: new Random(3)), new ReLU(), new Linear(64, 6, random: new Random(4))];
        var fused = new Sequential(Layers());
        var separate = Layers();

        var loss = new CELogSoftmax();
        var outFused = fused.Forward(x);
        var h = separate[0].Forward(x);
        var r = separate[1].Forward(h);
        var outSeparate = separate[2].Forward(r);
        Assert.Equal(outSeparate.Span.ToArray(), outFused.Span.ToArray());

        var delta = loss.Backward(y, outFused).Clone();
        var gxFused = fused.Backward(x, delta).Clone();
        var d2 = separate[2].Backward(r, delta);
        var d1 = separate[1].Backward(h, d2);
        var gxSeparate = separate[0].Backward(x, d1);
        Assert.Equal(gxSeparate.Span.ToArray(), gxFused.Span.ToArray());
        var pf = fused.Parameters;
        var ps = separate.SelectMany(m => m.Parameters).ToArray();
        Assert.Equal(ps.Length, pf.Count);
        for (int i = 0; i < ps.Length; i++) Assert.Equal(ps[i].Gradient.Span.ToArray(), pf[i].Gradient.Span.ToArray());
    }
}
