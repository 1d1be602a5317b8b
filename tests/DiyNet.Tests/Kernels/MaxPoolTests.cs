using DiyNet.Kernels;
using Xunit;

namespace DiyNet.Tests.Kernels;

/// <summary>Max pooling against its definition (first maximum in scan order) for every channel count 1…20, so the
/// narrow (fewer than 8 channels), vector and scalar paths all meet ties and NaN.</summary>
public class MaxPoolTests
{
    [Fact]
    public void ForwardMatchesTheDefinitionWithTies()
    {
        for (int c = 1; c <= 20; c++)
            foreach (var (k, s) in new[] { (2, 2), (3, 2), (3, 1), (2, 3) })
            {
                int seed = c * 100 + k * 10 + s, n = 2, h = 7, w = 6;
                var g = new Window2D(h, w, c, k, k, s, s, 0, 0);
                var random = new Random(seed);
                var x = new float[n * g.ImageSize];
                for (int i = 0; i < x.Length; i++) x[i] = random.Next(4);
                x[random.Next(x.Length)] = float.NaN;
                var y = new float[n * g.Positions * c];
                var arg = new int[y.Length];
                MaxPool.Forward(g, n, x, y, arg);
                int o = 0;
                for (int b = 0; b < n; b++)
                    for (int oh = 0; oh < g.OutHeight; oh++)
                        for (int ow = 0; ow < g.OutWidth; ow++)
                            for (int ch = 0; ch < c; ch++, o++)
                            {
                                int best = -1;
                                for (int kh = 0; kh < k; kh++)
                                    for (int kw = 0; kw < k; kw++)
                                    {
                                        int at = ((b * h + oh * s + kh) * w + ow * s + kw) * c + ch;
                                        if (best < 0 || x[at] > x[best] || float.IsNaN(x[at])) best = at;
                                    }
                                Assert.True(arg[o] == best && (y[o].Equals(x[best])),
                                    $"C={c} k={k} s={s} (seed {seed}): output {o} took [{arg[o]}] = {y[o]}, expected [{best}] = {x[best]}");
                            }
            }
    }
}
