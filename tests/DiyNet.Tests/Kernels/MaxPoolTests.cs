using DiyNet.Kernels;
using Xunit;

namespace DiyNet.Tests.Kernels;

/// <summary>Max pooling against its definition (first maximum in scan order) for every channel count 1…20 and a few
/// wider ones, so the narrow (fewer than 8 channels), 16- and 8-lane and scalar paths all meet ties and NaN.</summary>
public class MaxPoolTests
{
    [Fact]
    public void ForwardMatchesTheDefinitionWithTies()
    {
        foreach (int c in Enumerable.Range(1, 20).Concat([31, 32, 48, 57]))
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

    [Fact]
    public void BackwardOverTheGeometryEqualsTheScatterBitForBit()
    {
        foreach (int c in Enumerable.Range(1, 20).Concat([31, 32, 48, 57]))
            foreach (var (h, w, k, s) in new[] { (6, 6, 2, 2), (7, 6, 2, 2), (7, 7, 3, 3), (7, 6, 3, 2), (5, 8, 2, 3) })
            {
                int seed = c * 1000 + h * 100 + w * 10 + k, n = 2;
                var g = new Window2D(h, w, c, k, k, s, s, 0, 0);
                var random = new Random(seed);
                var x = new float[n * g.ImageSize];
                for (int i = 0; i < x.Length; i++) x[i] = random.Next(4);
                var y = new float[n * g.Positions * c];
                var arg = new int[y.Length];
                MaxPool.Forward(g, n, x, y, arg);
                var delta = new float[y.Length];
                for (int i = 0; i < delta.Length; i++) delta[i] = random.Next(5) switch { 0 => -0f, 1 => float.NaN, _ => (float)random.NextDouble() - 0.5f };
                float[] scattered = new float[x.Length], tiled = new float[x.Length];
                Array.Fill(tiled, 7f);   // every value must be written: covered positions and the floor mode's uncovered ones
                MaxPool.Backward(arg, delta, scattered);
                MaxPool.Backward(g, n, arg, delta, tiled);
                for (int i = 0; i < x.Length; i++)
                    Assert.True(BitConverter.SingleToInt32Bits(scattered[i]) == BitConverter.SingleToInt32Bits(tiled[i]),
                        $"C={c} {h}x{w} k={k} s={s} (seed {seed}): gradient {i} is {tiled[i]:R}, the scatter gives {scattered[i]:R}");
            }
    }
}
