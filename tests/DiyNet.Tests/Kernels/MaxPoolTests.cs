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

    [Fact]
    public void ABatchCutIntoPartsGivesTheSameBitsOnOneAndTwoThreads()
    {
        int saved = KernelSettings.MaxThreads;
        try
        {
            foreach (var (c, n, h, w, k, s) in new[] { (5, 64, 24, 24, 2, 2), (32, 24, 16, 16, 2, 2), (17, 9, 31, 30, 3, 2), (32, 23, 17, 17, 2, 2) })
            {
                int seed = c * 1000 + n;
                var g = new Window2D(h, w, c, k, k, s, s, 0, 0);
                Assert.True(MaxPool.Parts(g, n) > 1, $"C={c} N={n}: the batch should be cut into parts");
                var random = new Random(seed);
                var x = new float[n * g.ImageSize];
                for (int i = 0; i < x.Length; i++) x[i] = random.Next(4);
                var delta = new float[n * g.Positions * c];
                for (int i = 0; i < delta.Length; i++) delta[i] = (float)random.NextDouble() - 0.5f;
                float[]? y1 = null, g1 = null;
                int[]? a1 = null;
                foreach (int threads in new[] { 1, 2 })
                {
                    KernelSettings.MaxThreads = threads;
                    var y = new float[delta.Length];
                    var arg = new int[y.Length];
                    MaxPool.Forward(g, n, x, y, arg);
                    var grad = new float[x.Length];
                    Array.Fill(grad, 7f);
                    MaxPool.Backward(g, n, arg, delta, grad);
                    var scattered = new float[x.Length];
                    MaxPool.Backward(arg, delta, scattered);
                    Assert.True(scattered.AsSpan().SequenceEqual(grad), $"C={c} N={n} (seed {seed}), {threads} thread(s): the tiled backward differs from the scatter");
                    if (y1 is null) { y1 = y; a1 = arg; g1 = grad; continue; }
                    Assert.True(y1.AsSpan().SequenceEqual(y) && a1.AsSpan().SequenceEqual(arg) && g1.AsSpan().SequenceEqual(grad),
                        $"C={c} N={n} (seed {seed}): 2 threads differ from 1");
                }
                // The maxima against the definition, at the first output of every image (the parts' boundaries included).
                for (int b = 0; b < n; b++)
                    for (int ch = 0; ch < c; ch++)
                    {
                        int o = b * g.Positions * c + ch, best = -1;
                        for (int kh = 0; kh < k; kh++)
                            for (int kw = 0; kw < k; kw++)
                            {
                                int at = ((b * h + kh) * w + kw) * c + ch;
                                if (best < 0 || x[at] > x[best]) best = at;
                            }
                        Assert.True(a1![o] == best, $"C={c} N={n} (seed {seed}): image {b} channel {ch} took [{a1[o]}], expected [{best}]");
                    }
            }
        }
        finally
        {
            KernelSettings.MaxThreads = saved;
        }
    }
}
