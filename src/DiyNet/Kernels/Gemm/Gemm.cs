using System.Numerics.Tensors;

namespace DiyNet.Kernels;

/// <summary>
/// The one general matrix multiply of the library, row-major, single precision:
/// <c>C ← α·op(A)·op(B) + β·C</c>, where op(X) is X or Xᵀ. β = 1 accumulates (gradients); β = 0 overwrites
/// (C may then hold anything, NaN included).
/// </summary>
/// <remarks>
/// Shapes: op(A) is (m, k), op(B) is (k, n), C is (m, n); lda, ldb, ldc are the row strides as stored.
/// Runs on the managed packed kernel (the default) or on OpenBLAS, as <see cref="KernelSettings.GemmProvider"/>
/// says; large products use up to <see cref="KernelSettings.MaxThreads"/> threads, with results that do not
/// depend on the thread count.
/// </remarks>
public static class Gemm
{
    /// <summary>Computes <c>C ← α·op(A)·op(B) + β·C</c>.</summary>
    /// <exception cref="ArgumentException">A dimension is negative, or a span is too short for its dimensions and stride.</exception>
    /// <exception cref="DllNotFoundException">The OpenBLAS provider is selected and the library cannot be loaded.</exception>
    public static unsafe void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            if (KernelSettings.GemmProvider == GemmProvider.OpenBlas)
                OpenBlasGemm.Multiply(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            else
                ManagedGemm.Multiply(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
    }

    /// <summary>
    /// The product of a layer, fused: <c>C ← max(0, op(A)·op(B) + bias)</c> — <paramref name="bias"/> (n values, or
    /// empty for none) added to every row of C, and the rectifier applied when <paramref name="relu"/>. The managed
    /// kernel applies both as it stores each block of C (no pass over C of its own); the result has the bits of a
    /// C filled with the bias, <see cref="Multiply"/> with β = 1, then <c>max(0, ·)</c>, which is what the OpenBLAS
    /// provider does.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Multiply"/>, or the bias has neither 0 nor n values.</exception>
    public static void MultiplyBiasRelu(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, ReadOnlySpan<float> bias, bool relu, Span<float> c, int ldc) =>
        MultiplyBiasRelu(transA, transB, m, n, k, a, lda, b, ldb, bias, relu, c, ldc, null);

    /// <summary>
    /// <see cref="MultiplyBiasRelu(bool, bool, int, int, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, bool, Span{float}, int)"/>
    /// with op(B) also given packed (<paramref name="packedB"/>, made by <see cref="PackedMatrix.Pack"/> from the same
    /// values): the managed kernel then reads B's blocks from it instead of packing them, with the same bits. Ignored
    /// when null, when it was packed for another shape, transpose or vector width, or with the OpenBLAS provider.
    /// </summary>
    internal static unsafe void MultiplyBiasRelu(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, ReadOnlySpan<float> bias, bool relu, Span<float> c, int ldc,
        PackedMatrix? packedB)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (bias.Length != 0 && bias.Length != n)
            throw new ArgumentException($"Gemm: the bias has {bias.Length} values, expected 0 or n = {n}.");
        if (m == 0 || n == 0) return;
        if (k == 0 || KernelSettings.GemmProvider == GemmProvider.OpenBlas)
        {
            for (int i = 0; i < m; i++)
            {
                if (bias.Length == 0) c.Slice(i * ldc, n).Clear();
                else bias.CopyTo(c.Slice(i * ldc, n));
            }
            Multiply(transA, transB, m, n, k, 1f, a, lda, b, ldb, 1f, c, ldc);
            if (relu)
                for (int i = 0; i < m; i++) TensorPrimitives.Max(c.Slice(i * ldc, n), 0f, c.Slice(i * ldc, n));
            return;
        }
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        fixed (float* pbias = bias)
        {
            if (packedB is not null && !packedB.Fits(transB, k, n, ManagedGemm.Width)) packedB = null;
            ManagedGemm.Multiply(transA, transB, m, n, k, 1f, pa, lda, pb, ldb, 0f, pc, ldc, bias.Length == 0 ? null : pbias, relu, packedB);
        }
    }

    /// <summary>
    /// The naive triple loop <c>C ← α·op(A)·op(B) + β·C</c>, one multiply-add per product in k order (rounded as
    /// <see cref="FastMultiplyAdd.Scalar"/>): the
    /// reference the fast kernels are tested against (slow; for tests and benchmarks).
    /// </summary>
    internal static void Reference(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float s = 0f;
                for (int p = 0; p < k; p++)
                    s = FastMultiplyAdd.Scalar(transA ? a[p * lda + i] : a[i * lda + p], transB ? b[j * ldb + p] : b[p * ldb + j], s);
                float old = beta == 0f ? 0f : beta * c[i * ldc + j];
                c[i * ldc + j] = FastMultiplyAdd.Scalar(alpha, s, old);
            }
    }

    internal static void ScaleC(int m, int n, float beta, Span<float> c, int ldc)
    {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++)
        {
            Span<float> row = c.Slice(i * ldc, n);
            if (beta == 0f) row.Clear();
            else TensorPrimitives.Multiply(row, beta, row);
        }
    }

    internal static void Validate(bool transA, bool transB, int m, int n, int k,
        int aLen, int lda, int bLen, int ldb, int cLen, int ldc)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"Gemm: negative dimension m={m}, n={n}, k={k}.");
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        Check("A", aRows, aCols, aLen, lda);
        Check("B", bRows, bCols, bLen, ldb);
        Check("C", m, n, cLen, ldc);
    }

    private static void Check(string name, int rows, int cols, int length, int ld)
    {
        if (rows == 0 || cols == 0) return;
        if (ld < cols) throw new ArgumentException($"Gemm: ld{name.ToLowerInvariant()} ({ld}) < columns of {name} ({cols}).");
        long need = (long)(rows - 1) * ld + cols;
        if (length < need) throw new ArgumentException($"Gemm: {name} is ({rows}, {cols}) with stride {ld} and needs {need} values, has {length}.");
    }
}
