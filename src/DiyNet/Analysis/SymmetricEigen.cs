using System.Numerics.Tensors;

namespace DiyNet.Analysis;

/// <summary>
/// Eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method: plane rotations
/// <c>A ← Jᵀ·A·J</c> zero one off-diagonal pair at a time until the off-diagonal part vanishes
/// (Golub &amp; Van Loan, Matrix Computations, §8.5). O(d³) per sweep; a handful of sweeps.
/// </summary>
internal static class SymmetricEigen
{
    private const int MaxSweeps = 100;

    /// <summary>
    /// Decomposes the (d, d) row-major symmetric <paramref name="matrix"/> (overwritten). Returns the eigenvalues in
    /// decreasing order and the unit eigenvectors as the rows of a (d, d) row-major array, in the same order.
    /// </summary>
    /// <exception cref="ArithmeticException">The rotations did not converge (a matrix with NaN or infinities).</exception>
    public static (double[] Values, double[] Vectors) Decompose(double[] matrix, int d)
    {
        double[] a = matrix;
        var v = new double[d * d];
        for (int i = 0; i < d; i++) v[i * d + i] = 1.0;
        var scratch = new double[d];
        double total = TensorPrimitives.SumOfSquares(a);
        int sweep = 0;
        while (OffDiagonal(a, d) > 1e-30 * total)
        {
            if (++sweep > MaxSweeps || double.IsNaN(total))
                throw new ArithmeticException($"SymmetricEigen: Jacobi rotations did not converge in {MaxSweeps} sweeps (d = {d}).");
            for (int p = 0; p < d - 1; p++)
                for (int q = p + 1; q < d; q++)
                    Rotate(a, v, d, p, q, scratch);
        }
        var values = new double[d];
        for (int i = 0; i < d; i++) values[i] = a[i * d + i];
        int[] order = Enumerable.Range(0, d).OrderByDescending(i => values[i]).ThenBy(i => i).ToArray();
        var sortedValues = new double[d];
        var sortedVectors = new double[d * d];
        for (int r = 0; r < d; r++)
        {
            sortedValues[r] = values[order[r]];
            v.AsSpan(order[r] * d, d).CopyTo(sortedVectors.AsSpan(r * d, d));
        }
        return (sortedValues, sortedVectors);
    }

    // One rotation in the (p, q) plane zeroing a[p, q]. The rows p and q of A are rotated with vector operations;
    // the columns follow by symmetry. The rows of v are the eigenvectors (v ← Jᵀ·v).
    private static void Rotate(double[] a, double[] v, int d, int p, int q, Span<double> scratch)
    {
        double apq = a[p * d + q];
        if (apq == 0) return;
        double app = a[p * d + p], aqq = a[q * d + q];
        double theta = (aqq - app) / (2 * apq);
        double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        if (theta == 0) t = 1;
        double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
        RotateRows(a.AsSpan(p * d, d), a.AsSpan(q * d, d), c, s, scratch);
        for (int k = 0; k < d; k++)
        {
            a[k * d + p] = a[p * d + k];
            a[k * d + q] = a[q * d + k];
        }
        a[p * d + p] = app - t * apq;
        a[q * d + q] = aqq + t * apq;
        a[p * d + q] = a[q * d + p] = 0;
        RotateRows(v.AsSpan(p * d, d), v.AsSpan(q * d, d), c, s, scratch);
    }

    // (rowP, rowQ) ← (c·rowP − s·rowQ, s·rowP + c·rowQ), vectorized through a copy of rowP.
    private static void RotateRows(Span<double> rowP, Span<double> rowQ, double c, double s, Span<double> scratch)
    {
        rowP.CopyTo(scratch);
        TensorPrimitives.Multiply(rowP, c, rowP);
        TensorPrimitives.MultiplyAdd(rowQ, -s, rowP, rowP);
        TensorPrimitives.Multiply(rowQ, c, rowQ);
        TensorPrimitives.MultiplyAdd(scratch, s, rowQ, rowQ);
    }

    private static double OffDiagonal(double[] a, int d)
    {
        double sum = 0;
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                if (i != j) sum += a[i * d + j] * a[i * d + j];
        return sum;
    }
}
