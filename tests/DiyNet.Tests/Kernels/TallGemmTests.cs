using DiyNet.Kernels;
using Xunit;

namespace DiyNet.Tests.Kernels;

/// <summary>The narrow-tile products against a double-precision triple loop, over ragged row and column counts.</summary>
public unsafe class TallGemmTests
{
    [Fact]
    public void MultiplyMatchesTheDefinition()
    {
        if (!TallGemm.IsSupported) return;
        foreach (int m in new[] { 1, 3, 4, 7, 8, 9, 33 })
            foreach (int n in new[] { 1, 5, 6, 8, 9, 15, 16, 17, 32, 40 })
                foreach (int k in new[] { 1, 3, 25 })
                    foreach (bool bias in new[] { true, false })
                    {
                        int seed = m * 10000 + n * 100 + k, np = TallGemm.Padded(n), lda = k + 2, ldc = n + 3;
                        var a = TestData.Uniform(seed, -1, 1, m * lda).Span.ToArray();
                        var b = TestData.Uniform(seed + 1, -1, 1, k * np).Span.ToArray();
                        var bb = TestData.Uniform(seed + 2, -1, 1, np).Span.ToArray();
                        var c = Enumerable.Repeat(float.NaN, m * ldc).ToArray();
                        fixed (float* pa = a, pb = b, pbb = bb, pc = c)
                            TallGemm.Multiply(m, n, k, pa, lda, pb, np, bias ? pbb : null, pc, ldc);
                        for (int i = 0; i < m; i++)
                        {
                            for (int j = 0; j < n; j++)
                            {
                                double e = bias ? bb[j] : 0;
                                for (int p = 0; p < k; p++) e += (double)a[i * lda + p] * b[p * np + j];
                                Assert.True(Math.Abs(c[i * ldc + j] - e) < 1e-4, $"m={m} n={n} k={k} bias={bias} (seed {seed}): C[{i},{j}] = {c[i * ldc + j]}, expected {e}");
                            }
                            for (int j = n; j < ldc; j++) Assert.True(float.IsNaN(c[i * ldc + j]), $"m={m} n={n}: wrote past column {n}");
                        }
                    }
    }

    [Fact]
    public void AccumulateTransposedMatchesTheDefinition()
    {
        if (!TallGemm.IsSupported) return;
        foreach (int m in new[] { 0, 1, 5, 64 })
            foreach (int n in new[] { 1, 6, 8, 12, 16, 20, 32 })
                foreach (int k in new[] { 8, 16, 32 })
                {
                    int seed = m * 10000 + n * 100 + k, np = TallGemm.Padded(n), lda = k + 1, ldb = n;
                    var a = TestData.Uniform(seed, -1, 1, Math.Max(1, m * lda)).Span.ToArray();
                    var b = TestData.Uniform(seed + 1, -1, 1, Math.Max(1, m * ldb)).Span.ToArray();
                    var c = TestData.Uniform(seed + 2, -1, 1, k * np).Span.ToArray();
                    var before = (float[])c.Clone();
                    fixed (float* pa = a, pb = b, pc = c)
                        TallGemm.AccumulateTransposed(k, n, m, pa, lda, pb, ldb, pc, np);
                    for (int t = 0; t < k; t++)
                        for (int j = 0; j < n; j++)
                        {
                            double e = before[t * np + j];
                            for (int r = 0; r < m; r++) e += (double)a[r * lda + t] * b[r * ldb + j];
                            Assert.True(Math.Abs(c[t * np + j] - e) < 1e-4, $"m={m} n={n} k={k} (seed {seed}): C[{t},{j}] = {c[t * np + j]}, expected {e}");
                        }
                }
    }

    // The 32-column tiles give the bits of 16-column tiles: the same chain per output lane.
    [Fact]
    public void WideTilesGiveTheBitsOfNarrowOnes()
    {
        if (!TallGemm.IsSupported) return;
        const int m = 27, n = 64, k = 37, ldc = n + 3;
        var a = TestData.Uniform(1, -1, 1, m * k).Span.ToArray();
        var b = TestData.Uniform(2, -1, 1, k * n).Span.ToArray();
        var bias = TestData.Uniform(3, -1, 1, n).Span.ToArray();
        var wide = new float[m * ldc];
        var narrow = new float[m * ldc];
        var gradWide = TestData.Uniform(4, -1, 1, 40 * n).Span.ToArray();
        var gradNarrow = (float[])gradWide.Clone();
        fixed (float* pa = a, pb = b, pbias = bias, pw = wide, pn = narrow, gw = gradWide, gn = gradNarrow)
        {
            TallGemm.Multiply(m, n, k, pa, k, pb, n, pbias, pw, ldc);
            for (int j = 0; j < n; j += 16) TallGemm.Multiply(m, 16, k, pa, k, pb + j, n, pbias + j, pn + j, ldc);
            // ∂W-shaped: 40 taps (a multiple of 8) over the rows of a (k ≥ 40 columns read), δ = b's first m rows.
            TallGemm.AccumulateTransposed(40, n, m - 4, pa, k, pb, n, gw, n);
            for (int j = 0; j < n; j += 16) TallGemm.AccumulateTransposed(40, 16, m - 4, pa, k, pb + j, n, gn + j, n);
        }
        Assert.Equal(narrow.Select(BitConverter.SingleToInt32Bits), wide.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(gradNarrow.Select(BitConverter.SingleToInt32Bits), gradWide.Select(BitConverter.SingleToInt32Bits));
    }
}
