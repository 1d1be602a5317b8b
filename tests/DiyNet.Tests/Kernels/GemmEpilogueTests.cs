using DiyNet.Kernels;
using Xunit;

namespace DiyNet.Tests.Kernels;

/// <summary>
/// The fused layer product <c>C = max(0, A·B + bias)</c> (<see cref="Gemm.MultiplyBiasRelu"/>) gives the bits of the
/// three separate steps — C filled with the bias, <see cref="Gemm.Multiply"/> with β = 1, then <c>MathF.Max(·, 0)</c>
/// — on full and edge tiles, one and several k-blocks, the row path, every vector width (the scalar rung too) and
/// thread count; with B read from a <see cref="PackedMatrix"/> too (what a Linear layer does during a prediction).
/// </summary>
[Collection(KernelSettingsCollection.Name)]
[Trait(TestGroup.Name, TestGroup.Kernels)]
public class GemmEpilogueTests
{
    // (m, n, k): tiles and edges, k over two blocks (600 = 3 × 200), the row path (m < 4), a parallel product, and
    // a classifier's narrow panel.
    private static readonly (int M, int N, int K)[] Shapes =
        [(1, 10, 7), (2, 300, 900), (3, 33, 600), (8, 32, 16), (9, 33, 17), (64, 256, 784), (150, 300, 520), (37, 10, 128)];

    [Fact]
    public void FusedBiasAndRectifierGiveTheBitsOfTheSeparateSteps()
    {
        int savedThreads = KernelSettings.MaxThreads;
        try
        {
            foreach (var (m, n, k) in Shapes)
                foreach (bool transA in new[] { false, true })
                    foreach (bool withBias in new[] { true, false })
                        foreach (bool relu in new[] { true, false })
                        {
                            var r = new Random(m * 1000 + n * 10 + k);
                            int lda = transA ? m + 2 : k + 2, ldb = n + 1, ldc = n + 3;
                            var a = Fill(r, (transA ? k : m) * lda);
                            var b = Fill(r, k * ldb);
                            var bias = withBias ? Fill(r, n) : [];
                            float[] expected = Separate(transA, m, n, k, a, lda, b, ldb, bias, relu, ldc);
                            foreach (int width in new[] { 0, 256, 128, 32 })
                                foreach (int threads in new[] { 1, 2 })
                                {
                                    if (width > ManagedGemm.Width) continue;
                                    ManagedGemm.WidthOverride = width;
                                    KernelSettings.MaxThreads = threads;
                                    var c = new float[m * ldc];
                                    Array.Fill(c, float.NaN);   // never read
                                    Gemm.MultiplyBiasRelu(transA, false, m, n, k, a, lda, b, ldb, bias, relu, c, ldc);
                                    string what = $"m={m} n={n} k={k} transA={transA} bias={withBias} relu={relu} width={width} threads={threads}";
                                    AssertSameBits(expected, c, m, n, ldc, what);
                                    var packed = new PackedMatrix();
                                    packed.Pack(false, b, ldb, k, n);
                                    Array.Fill(c, float.NaN);
                                    Gemm.MultiplyBiasRelu(transA, false, m, n, k, a, lda, b, ldb, bias, relu, c, ldc, packed);
                                    AssertSameBits(expected, c, m, n, ldc, what + " packed B");
                                }
                        }
        }
        finally
        {
            ManagedGemm.WidthOverride = 0;
            KernelSettings.MaxThreads = savedThreads;
        }
    }

    // A packing of Bᵀ, one reused for a smaller matrix, and one that does not fit the product (ignored) give the
    // bits of the product that packs B itself.
    [Fact]
    public void PackedTransposedReusedAndMismatchedOperandsGiveTheBitsOfThePlainProduct()
    {
        int savedThreads = KernelSettings.MaxThreads;
        try
        {
            var packed = new PackedMatrix();
            foreach (var (m, n, k) in new[] { (150, 300, 520), (9, 33, 17), (64, 256, 784) })
                foreach (int threads in new[] { 1, 2 })
                {
                    KernelSettings.MaxThreads = threads;
                    var r = new Random(m + n + k);
                    var a = Fill(r, m * k);
                    var bt = Fill(r, n * k);
                    var bias = Fill(r, n);
                    var expected = new float[m * n];
                    Gemm.MultiplyBiasRelu(false, true, m, n, k, a, k, bt, k, bias, true, expected, n);
                    packed.Pack(true, bt, k, k, n);
                    var c = new float[m * n];
                    Gemm.MultiplyBiasRelu(false, true, m, n, k, a, k, bt, k, bias, true, c, n, packed);
                    AssertSameBits(expected, c, m, n, n, $"m={m} n={n} k={k} threads={threads} packed Bᵀ");
                    Array.Fill(c, float.NaN);
                    packed.Pack(true, bt, k, k, n - 1);   // another shape: not used
                    Gemm.MultiplyBiasRelu(false, true, m, n, k, a, k, bt, k, bias, true, c, n, packed);
                    AssertSameBits(expected, c, m, n, n, $"m={m} n={n} k={k} threads={threads} mismatched packing");
                }
        }
        finally
        {
            KernelSettings.MaxThreads = savedThreads;
        }
    }

    [Fact]
    public void ABiasOfTheWrongLengthIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            Gemm.MultiplyBiasRelu(false, false, 2, 3, 4, new float[8], 4, new float[12], 3, new float[2], true, new float[6], 3));
        Assert.Contains("bias has 2 values, expected 0 or n = 3", e.Message);
    }

    private static float[] Separate(bool transA, int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[] bias, bool relu, int ldc)
    {
        var c = new float[m * ldc];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) c[i * ldc + j] = bias.Length == 0 ? 0f : bias[j];
        Gemm.Multiply(transA, false, m, n, k, 1f, a, lda, b, ldb, 1f, c, ldc);
        if (relu)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) c[i * ldc + j] = MathF.Max(c[i * ldc + j], 0f);
        return c;
    }

    private static void AssertSameBits(float[] expected, float[] c, int m, int n, int ldc, string what)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                Assert.True(BitConverter.SingleToInt32Bits(expected[i * ldc + j]) == BitConverter.SingleToInt32Bits(c[i * ldc + j]),
                    $"{what}: C[{i}, {j}] = {c[i * ldc + j]:R}, separate steps give {expected[i * ldc + j]:R}");
    }

    private static float[] Fill(Random r, int count)
    {
        var v = new float[count];
        for (int i = 0; i < count; i++) v[i] = (float)(r.NextDouble() * 2 - 1);
        return v;
    }
}
