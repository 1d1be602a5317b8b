using DiyNet.Kernels;
using System.Numerics.Tensors;

namespace DiyNet.Kernels;

/// <summary>
/// Squared Euclidean distances between rows, block by block, through <see cref="Gemm"/>:
/// <c>‖a − b‖² = ‖a‖² + ‖b‖² − 2·a·b</c>, clamped at 0. Center the data first to keep the cancellation small.
/// </summary>
public static class PairwiseDistance
{
    /// <summary>Columns of the right-hand side per <see cref="Gemm"/> call, so that a slice of it stays in cache.</summary>
    internal const int ColumnChunk = 512;

    /// <summary>Writes <c>‖x_i‖²</c> for each of the <paramref name="rows"/> rows of the row-major (rows, dim) <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public static void RowSquaredNorms(ReadOnlySpan<float> x, int rows, int dim, Span<float> destination)
    {
        if (x.Length < rows * dim || destination.Length < rows)
            throw new ArgumentException($"PairwiseDistance.RowSquaredNorms: ({rows}, {dim}) needs {rows * dim} values and {rows} outputs, got {x.Length} and {destination.Length}.");
        for (int i = 0; i < rows; i++) destination[i] = TensorPrimitives.SumOfSquares(x.Slice(i * dim, dim));
    }

    /// <summary>Writes the transpose (dim, rows) of the row-major (rows, dim) <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public static void Transpose(ReadOnlySpan<float> x, int rows, int dim, Span<float> destination)
    {
        if (x.Length < rows * dim || destination.Length < rows * dim)
            throw new ArgumentException($"PairwiseDistance.Transpose: ({rows}, {dim}) needs {rows * dim} values, got {x.Length} and {destination.Length}.");
        for (int i = 0; i < rows; i++)
            for (int p = 0; p < dim; p++) destination[p * rows + i] = x[i * dim + p];
    }

    /// <summary>
    /// <c>D[i, j] = max(0, ‖a_i‖² + ‖b_j‖² − 2·a_i·b_j)</c> for the (m, dim) block <paramref name="a"/> against all n
    /// points, given as their transpose <paramref name="bTransposed"/> (dim, n); D is (m, n), row-major.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for the dimensions.</exception>
    public static void SquaredBlock(int m, int n, int dim, ReadOnlySpan<float> a, ReadOnlySpan<float> aNorms,
        ReadOnlySpan<float> bTransposed, ReadOnlySpan<float> bNorms, Span<float> destination)
    {
        if (aNorms.Length < m || bNorms.Length < n || destination.Length < m * n)
            throw new ArgumentException($"PairwiseDistance.SquaredBlock: m={m}, n={n} needs {m} and {n} norms and {m * n} outputs, got {aNorms.Length}, {bNorms.Length} and {destination.Length}.");
        for (int j0 = 0; j0 < n; j0 += ColumnChunk)
        {
            int width = Math.Min(ColumnChunk, n - j0);
            Gemm.Multiply(false, false, m, width, dim, -2f, a, dim, bTransposed[j0..], n, 0f, destination[j0..], n);
        }
        for (int i = 0; i < m; i++)
        {
            Span<float> row = destination.Slice(i * n, n);
            TensorPrimitives.Add(row, bNorms[..n], row);
            TensorPrimitives.Add(row, aNorms[i], row);
            TensorPrimitives.Max(row, 0f, row);
        }
    }
}
