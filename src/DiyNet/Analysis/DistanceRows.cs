using System.Numerics.Tensors;
using DiyNet.Kernels;

namespace DiyNet.Analysis;

/// <summary>
/// A point set prepared for squared Euclidean distances block by block (<see cref="PairwiseDistance"/>): a centered
/// copy (distances do not change, the cancellation in <c>‖a‖² + ‖b‖² − 2·a·b</c> shrinks), its transpose and norms.
/// </summary>
internal sealed class DistanceRows
{
    private readonly float[] _points, _transposed, _norms;

    /// <summary>Prepares the (n, dim) row-major points; <paramref name="order"/>, when given, permutes the rows.</summary>
    public DistanceRows(ReadOnlySpan<float> x, int n, int dim, int[]? order = null)
    {
        Count = n;
        Dim = dim;
        _points = new float[n * dim];
        var mean = new double[dim];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = x.Slice(i * dim, dim);
            for (int p = 0; p < dim; p++) mean[p] += row[p];
        }
        var meanF = new float[dim];
        for (int p = 0; p < dim; p++) meanF[p] = n == 0 ? 0f : (float)(mean[p] / n);
        for (int i = 0; i < n; i++)
        {
            int source = order is null ? i : order[i];
            TensorPrimitives.Subtract(x.Slice(source * dim, dim), meanF, _points.AsSpan(i * dim, dim));
        }
        _transposed = new float[n * dim];
        PairwiseDistance.Transpose(_points, n, dim, _transposed);
        _norms = new float[n];
        PairwiseDistance.RowSquaredNorms(_points, n, dim, _norms);
    }

    /// <summary>Number of points.</summary>
    public int Count { get; }

    /// <summary>Features per point.</summary>
    public int Dim { get; }

    /// <summary>Writes the squared distances of points [start, start + rows) to every point: (rows, Count), row-major.</summary>
    public void Squared(int start, int rows, Span<float> destination) =>
        PairwiseDistance.SquaredBlock(rows, Count, Dim, _points.AsSpan(start * Dim, rows * Dim), _norms.AsSpan(start, rows),
            _transposed, _norms, destination);
}
