using DiyNet;
using DiyNet.Kernels;
using Xunit;

namespace DiyNet.Tests.Kernels;

/// <summary>im2col against its index formula and col2im as its exact adjoint, over a sweep of geometries.</summary>
public class Im2ColTests
{
    private static IEnumerable<Window2D> Geometries()
    {
        foreach (int c in new[] { 1, 3, 16, 17 })
            foreach (int k in new[] { 1, 2, 3, 5 })
                foreach (int s in new[] { 1, 2, 3 })
                    foreach (int p in new[] { 0, 1, 2 })
                        foreach (var (h, w) in new[] { (5, 7), (8, 8), (1, 9) })
                        {
                            int kh = h == 1 ? 1 : k, ph = h == 1 ? 0 : p;
                            if (h + 2 * ph < kh || w + 2 * p < k) continue;
                            yield return new Window2D(h, w, c, kh, k, s, s, ph, p);
                        }
    }

    [Fact]
    public void PackMatchesTheIndexFormula()
    {
        const int batch = 2;
        foreach (var g in Geometries())
        {
            var x = TestData.Uniform(g.GetHashCode(), -1, 1, batch * g.ImageSize);
            var columns = new float[batch * g.Positions * g.PatchSize + 3];
            columns.AsSpan().Fill(float.NaN);
            Im2Col.Pack(g, batch, x.Span, columns);
            int row = 0;
            for (int n = 0; n < batch; n++)
                for (int oh = 0; oh < g.OutHeight; oh++)
                    for (int ow = 0; ow < g.OutWidth; ow++, row++)
                        for (int kh = 0; kh < g.KernelHeight; kh++)
                            for (int kw = 0; kw < g.KernelWidth; kw++)
                                for (int c = 0; c < g.Channels; c++)
                                {
                                    int ih = oh * g.StrideHeight - g.PadHeight + kh, iw = ow * g.StrideWidth - g.PadWidth + kw;
                                    bool inside = ih >= 0 && ih < g.Height && iw >= 0 && iw < g.Width;
                                    float expected = inside ? x.Span[((n * g.Height + ih) * g.Width + iw) * g.Channels + c] : 0f;
                                    float actual = columns[row * g.PatchSize + (kh * g.KernelWidth + kw) * g.Channels + c];
                                    if (actual != expected)
                                        Assert.Fail($"{g}: row {row}, tap ({kh}, {kw}, {c}): {actual}, expected {expected}");
                                }
            Assert.True(columns.AsSpan(batch * g.Positions * g.PatchSize).ToArray().All(float.IsNaN), $"{g}: wrote past the end");
        }
    }

    [Fact]
    public void FoldIsTheAdjointOfPack()
    {
        const int batch = 2;
        foreach (var g in Geometries())
        {
            int seed = g.GetHashCode();
            var x = TestData.Uniform(seed, -1, 1, batch * g.ImageSize);
            var columns = TestData.Uniform(seed + 1, -1, 1, batch * g.Positions * g.PatchSize);
            var packed = new float[columns.Length];
            Im2Col.Pack(g, batch, x.Span, packed);
            var folded = new float[x.Length];
            folded.AsSpan().Fill(float.NaN);
            Col2Im.Fold(g, batch, columns.Span, folded);
            double left = 0, right = 0;
            for (int i = 0; i < packed.Length; i++) left += (double)packed[i] * columns.Span[i];
            for (int i = 0; i < folded.Length; i++) right += (double)x.Span[i] * folded[i];
            Assert.True(Math.Abs(left - right) < 1e-4 * Math.Max(1, Math.Abs(left)), $"{g} (seed {seed}): <im2col x, c> = {left}, <x, col2im c> = {right}");
        }
    }

    [Fact]
    public void RowRangesWithAStrideMatchTheWholePack()
    {
        const int batch = 3;
        foreach (var g in Geometries().Where((_, i) => i % 7 == 0))
        {
            int rows = batch * g.Positions, stride = g.PatchSize + 5, seed = g.GetHashCode();
            var x = TestData.Uniform(seed, -1, 1, batch * g.ImageSize);
            var whole = new float[rows * g.PatchSize];
            Im2Col.Pack(g, batch, x.Span, whole);
            foreach (var (first, count) in new[] { (0, rows), (1, rows - 2), (g.Positions - 1, g.Positions + 2), (rows - 1, 1), (5, 0) })
            {
                if (first < 0 || count < 0 || first + count > rows) continue;
                var part = Enumerable.Repeat(float.NaN, count * stride).ToArray();
                Im2Col.PackRows(g, x.Span, first, count, part, stride);
                for (int r = 0; r < count; r++)
                {
                    Assert.True(part.AsSpan(r * stride, g.PatchSize).SequenceEqual(whole.AsSpan((first + r) * g.PatchSize, g.PatchSize)),
                        $"{g} rows [{first}, +{count}): row {r} differs");
                    Assert.True(part.AsSpan(r * stride + g.PatchSize, 5).ToArray().All(v => v == 0f), $"{g}: padding of row {r} not zero");
                }
                // The adjoint over the same range: AccumulateRows adds exactly what Fold of those rows alone gives.
                var columns = TestData.Uniform(seed + 1, -1, 1, count * stride).Span.ToArray();
                var added = Enumerable.Repeat(1f, x.Length).ToArray();
                Col2Im.AccumulateRows(g, columns, stride, first, count, added);
                var full = new float[rows * g.PatchSize];
                for (int r = 0; r < count; r++) columns.AsSpan(r * stride, g.PatchSize).CopyTo(full.AsSpan((first + r) * g.PatchSize));
                var folded = new float[x.Length];
                Col2Im.Fold(g, batch, full, folded);
                for (int i = 0; i < x.Length; i++)
                    Assert.True(Math.Abs(added[i] - 1f - folded[i]) < 1e-5, $"{g} rows [{first}, +{count}): image[{i}] {added[i] - 1f} vs {folded[i]}");
            }
        }
    }

    [Fact]
    public void WindowComputesFloorModeOutputSizes()
    {
        var g = new Window2D(7, 5, 3, 2, 2, 2, 2, 0, 0);
        Assert.Equal((3, 2), (g.OutHeight, g.OutWidth));
        g = new Window2D(28, 28, 1, 5, 5, 1, 1, 2, 2);
        Assert.Equal((28, 28, 25), (g.OutHeight, g.OutWidth, g.PatchSize));
        Assert.Throws<ArgumentException>(() => new Window2D(2, 2, 1, 3, 3, 1, 1, 0, 0));
        Assert.Throws<ArgumentException>(() => new Window2D(2, 2, 0, 1, 1, 1, 1, 0, 0));
        Assert.Throws<ArgumentException>(() => Im2Col.Pack(g, 2, new float[28 * 28], new float[2 * 28 * 28 * 25]));
    }
}
