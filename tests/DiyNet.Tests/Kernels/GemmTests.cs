using DiyNet.Kernels;
using Xunit;

namespace DiyNet.Tests.Kernels;

/// <summary>The matrix multiply against the naive reference, over shapes, strides, transposes, α/β, widths and threads.</summary>
[Collection(KernelSettingsCollection.Name)]
[Trait(TestGroup.Name, TestGroup.Kernels)]
public class GemmTests
{
    private static readonly int[] Others = [1, 3, 17, 64];
    private static readonly (float Alpha, float Beta)[] Scalings = [(1f, 0f), (1f, 1f), (-0.5f, 0.25f), (2f, 0f), (0.75f, 1f)];

    public static TheoryData<bool, bool, int> TransposesAndWidths()
    {
        var data = new TheoryData<bool, bool, int>();
        foreach (int width in SupportedWidths())
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    data.Add(ta, tb, width);
        return data;
    }

    private static IEnumerable<int> SupportedWidths()
    {
        int best = ManagedGemm.Width;
        foreach (int w in new[] { 512, 256, 128, 32 })
            if (w <= best) yield return w;
    }

    // Every size 1…64 in each dimension, the other two from {1, 3, 17, 64}. Up to k = 256 the kernel sums in
    // the reference's order, so the results must be bit-identical.
    [Theory]
    [MemberData(nameof(TransposesAndWidths))]
    public void EverySizeUpTo64MatchesTheReferenceExactly(bool transA, bool transB, int width)
    {
        ManagedGemm.WidthOverride = width;
        try
        {
            int seed = 1000 * width + (transA ? 2 : 0) + (transB ? 1 : 0), count = 0;
            for (int d = 1; d <= 64; d++)
                foreach (int s in Others)
                    foreach (int t in Others)
                        foreach (var (m, n, k) in new[] { (d, s, t), (s, d, t), (s, t, d) })
                        {
                            var (alpha, beta) = Scalings[count++ % Scalings.Length];
                            var g = new GemmCase(m, n, k, transA, transB, alpha, beta, seed + count);
                            string? error = g.Compare(g.Fast(), g.Reference(), exact: true);
                            Assert.True(error is null, $"width {width}: {error}");
                        }
        }
        finally { ManagedGemm.WidthOverride = 0; }
    }

    // The 8-row tiles that read A in place give the bits of the tiles that read it packed, over several blocks of
    // rows (edge rows in the last), k-blocks, narrow and edge column panels, and 1 or 2 threads.
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    [InlineData(2, 2)]
    public void ReadingAInPlaceGivesTheBitsOfPackingIt(int variant, int threads)
    {
        int savedThreads = KernelSettings.MaxThreads;
        KernelSettings.MaxThreads = threads;
        try
        {
            var (m, n, k) = variant == 1 ? (301, 75, 520) : (1024, 10, 128);
            var g = new GemmCase(m, n, k, false, false, 1f, variant == 1 ? 0.5f : 0f, 77 + variant);
            ManagedGemm.DirectA = false;
            var packed = g.Fast();
            ManagedGemm.DirectA = true;
            string? error = g.Compare(g.Fast(), packed, exact: true);
            Assert.True(error is null, $"{m}×{n}×{k}, {threads} threads: {error}");
        }
        finally
        {
            ManagedGemm.DirectA = true;
            KernelSettings.MaxThreads = savedThreads;
        }
    }

    // 6·512 + 7 in each dimension in turn, a product that spans several blocks of every loop and runs in parallel,
    // and wide products of one to three rows (the unpacked row path, all its strip widths).
    [Theory]
    [InlineData(3079, 17, 33)]
    [InlineData(17, 3079, 33)]
    [InlineData(17, 33, 3079)]
    [InlineData(150, 300, 520)]
    [InlineData(1, 3079, 33)]
    [InlineData(3, 520, 200)]
    [InlineData(2, 300, 900)]
    public void LargeOddShapesMatchTheReference(int m, int n, int k)
    {
        int seed = m + 7 * n + 31 * k;
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
            {
                var g = new GemmCase(m, n, k, ta, tb, 1f, 1f, seed++);
                string? error = g.Compare(g.Fast(), g.Reference(), exact: k <= ManagedGemm.KcMax);
                Assert.True(error is null, error);
            }
    }

    [Fact]
    public void ResultsDoNotDependOnTheThreadCountOrTheVectorWidth()
    {
        int saved = KernelSettings.MaxThreads;
        try
        {
            foreach (var (m, n, k) in new[] { (150, 300, 520), (64, 256, 784), (784, 256, 64), (2, 700, 900) })
                foreach (bool ta in new[] { false, true })
                    foreach (bool tb in new[] { false, true })
                    {
                        var g = new GemmCase(m, n, k, ta, tb, 0.5f, 1f, seed: m + n + k);
                        KernelSettings.MaxThreads = 1;
                        float[] one = g.Fast();
                        foreach (int threads in new[] { 2, 3 })
                        {
                            KernelSettings.MaxThreads = threads;
                            Assert.True(g.Compare(g.Fast(), one, exact: true) is null, $"{g}: {threads} threads differ from 1");
                        }
                        foreach (int width in SupportedWidths())
                        {
                            ManagedGemm.WidthOverride = width;
                            Assert.True(g.Compare(g.Fast(), one, exact: true) is null, $"{g}: width {width} differs");
                        }
                        ManagedGemm.WidthOverride = 0;
                    }
        }
        finally
        {
            KernelSettings.MaxThreads = saved;
            ManagedGemm.WidthOverride = 0;
        }
    }

    [Fact]
    public void DegenerateShapesAndZeroAlphaOnlyScaleC()
    {
        var c = new float[] { 1, 2, 3, 4 };
        Gemm.Multiply(false, false, 2, 2, 0, 1f, [], 0, [], 2, 0.5f, c, 2);
        Assert.Equal(new float[] { 0.5f, 1, 1.5f, 2 }, c);
        c = [float.NaN, 1, 2, 3];
        Gemm.Multiply(false, false, 2, 2, 2, 0f, new float[4], 2, new float[4], 2, 0f, c, 2);
        Assert.Equal(new float[4], c);
        Gemm.Multiply(false, false, 0, 5, 3, 1f, [], 3, new float[15], 5, 0f, [], 5);
    }

    [Fact]
    public void TooShortSpansAreRejectedWithTheNumbers()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, 3, 4, 5, 1f, new float[14], 5, new float[20], 4, 0f, new float[12], 4));
        Assert.Contains("A is (3, 5) with stride 5 and needs 15 values, has 14", e.Message);
        e = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, true, 3, 4, 5, 1f, new float[15], 5, new float[20], 4, 0f, new float[12], 4));
        Assert.Contains("ldb (4) < columns of B (5)", e.Message);
    }
}
