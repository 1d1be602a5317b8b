using DiyNet.Kernels;

namespace DiyNet.Tests.Kernels;

/// <summary>
/// One matrix product with seeded random operands stored with padded strides, computed by <see cref="Gemm.Multiply"/>
/// and by the naive reference.
/// </summary>
internal sealed class GemmCase
{
    public GemmCase(int m, int n, int k, bool transA, bool transB, float alpha, float beta, int seed, int pad = 3)
    {
        (M, N, K, TransA, TransB, Alpha, Beta, Seed) = (m, n, k, transA, transB, alpha, beta, seed);
        var r = new Random(seed);
        int aRows = transA ? k : m, aCols = transA ? m : k, bRows = transB ? n : k, bCols = transB ? k : n;
        Lda = aCols + pad;
        Ldb = bCols + pad;
        Ldc = n + pad;
        A = Fill(r, aRows * Lda);
        B = Fill(r, bRows * Ldb);
        C0 = Fill(r, m * Ldc);
        // β = 0 must never read C: poison it.
        if (beta == 0f) Array.Fill(C0, float.NaN);
    }

    public int M { get; }
    public int N { get; }
    public int K { get; }
    public bool TransA { get; }
    public bool TransB { get; }
    public float Alpha { get; }
    public float Beta { get; }
    public int Seed { get; }
    public int Lda { get; }
    public int Ldb { get; }
    public int Ldc { get; }
    public float[] A { get; }
    public float[] B { get; }
    public float[] C0 { get; }

    public override string ToString() =>
        $"m={M} n={N} k={K} trans=({TransA},{TransB}) α={Alpha} β={Beta} seed={Seed}";

    public float[] Fast()
    {
        var c = (float[])C0.Clone();
        Gemm.Multiply(TransA, TransB, M, N, K, Alpha, A, Lda, B, Ldb, Beta, c, Ldc);
        return c;
    }

    public float[] Reference()
    {
        var c = (float[])C0.Clone();
        Gemm.Reference(TransA, TransB, M, N, K, Alpha, A, Lda, B, Ldb, Beta, c, Ldc);
        return c;
    }

    /// <summary>Null when <paramref name="actual"/> matches the reference within the rounding bound; else the first mismatch.</summary>
    public string? Compare(float[] actual, float[] expected, bool exact)
    {
        float scale = MathF.Abs(Alpha) * K + MathF.Abs(Beta);   // operands are in [-1, 1]
        float tolerance = exact ? 0f : 4e-7f * (K + 4) * scale;
        for (int i = 0; i < M; i++)
        {
            for (int j = 0; j < N; j++)
            {
                float x = actual[i * Ldc + j], y = expected[i * Ldc + j];
                bool ok = exact ? BitConverter.SingleToInt32Bits(x) == BitConverter.SingleToInt32Bits(y) : MathF.Abs(x - y) <= tolerance;
                if (!ok) return $"{this}: C[{i},{j}] = {x:R}, reference {y:R} (tolerance {tolerance})";
            }
            // The padding between rows of C is never written.
            for (int j = N; j < Ldc && i < M - 1; j++)
                if (BitConverter.SingleToInt32Bits(actual[i * Ldc + j]) != BitConverter.SingleToInt32Bits(C0[i * Ldc + j]))
                    return $"{this}: padding C[{i},{j}] was overwritten";
        }
        return null;
    }

    private static float[] Fill(Random r, int count)
    {
        var x = new float[count];
        for (int i = 0; i < count; i++) x[i] = (float)(2 * r.NextDouble() - 1);
        return x;
    }
}
