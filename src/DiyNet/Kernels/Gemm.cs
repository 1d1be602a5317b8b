using System.Numerics.Tensors;

namespace DiyNet.Kernels;

/// <summary>
/// The one general matrix multiply of the library, row-major, single precision:
/// <c>C ← α·op(A)·op(B) + β·C</c>, where op(X) is X or Xᵀ. β = 1 accumulates (gradients); β = 0 overwrites
/// (C may then hold anything, NaN included).
/// </summary>
/// <remarks>Shapes: op(A) is (m, k), op(B) is (k, n), C is (m, n); lda, ldb, ldc are the row strides as stored.</remarks>
public static class Gemm
{
    /// <summary>Computes <c>C ← α·op(A)·op(B) + β·C</c>.</summary>
    /// <exception cref="ArgumentException">A span is too short for its dimensions and stride.</exception>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        ScaleC(m, n, beta, c, ldc);
        if (k == 0 || alpha == 0f) return;
        ReferenceAccumulate(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc);
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

    // C += alpha * op(A) op(B), row by row with vectorized axpy (i-p-j order).
    private static void ReferenceAccumulate(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        float[]? bt = null;
        if (transB)
        {
            bt = new float[k * n];
            for (int j = 0; j < n; j++)
                for (int p = 0; p < k; p++) bt[p * n + j] = b[j * ldb + p];
        }
        for (int i = 0; i < m; i++)
        {
            Span<float> crow = c.Slice(i * ldc, n);
            for (int p = 0; p < k; p++)
            {
                float av = alpha * (transA ? a[p * lda + i] : a[i * lda + p]);
                if (av == 0f) continue;
                ReadOnlySpan<float> brow = bt is null ? b.Slice(p * ldb, n) : bt.AsSpan(p * n, n);
                TensorPrimitives.MultiplyAdd(brow, av, crow, crow);
            }
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
