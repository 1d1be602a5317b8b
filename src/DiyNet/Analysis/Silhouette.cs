using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;

namespace DiyNet.Analysis;

/// <summary>
/// The exact silhouette of a clustering (Rousseeuw 1987) under the Euclidean distance:
/// <c>s(i) = (b(i) − a(i)) / max(a(i), b(i))</c>, where a(i) is the mean distance from i to the other members of its
/// cluster and b(i) the smallest mean distance from i to the members of another cluster; s(i) = 0 for a cluster of
/// one. The score is the mean of s(i) over the samples, in [−1, 1] (scikit-learn's <c>silhouette_score</c>).
/// </summary>
/// <remarks>
/// O(n²·d): the distances are computed block by block through the matrix multiply, never stored whole, with the
/// blocks spread over the cores. Distances are float32 (sums in double): about 6 significant digits.
/// </remarks>
public static class Silhouette
{
    private const int BlockRows = 32;

    /// <summary>The mean silhouette of the clustering <paramref name="labels"/> of the rows of <paramref name="x"/>.</summary>
    /// <param name="x">Points, shape (N, d).</param>
    /// <param name="labels">Cluster of each point (any integers).</param>
    /// <exception cref="ArgumentException">Shapes disagree, or the number of clusters is not in [2, N − 1].</exception>
    public static double Score(Tensor x, int[] labels)
    {
        double[] s = Samples(x, labels);
        double sum = 0;
        foreach (double v in s) sum += v;
        return sum / s.Length;
    }

    /// <summary>The silhouette s(i) of every point, in the order of the rows of <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentException">Shapes disagree, or the number of clusters is not in [2, N − 1].</exception>
    public static double[] Samples(Tensor x, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(labels);
        if (x.Rank != 2) throw new ArgumentException($"Silhouette: points must be (N, d), got {x.ShapeString}.", nameof(x));
        int n = x.Dim(0), dim = x.Dim(1);
        if (labels.Length != n)
            throw new ArgumentException($"Silhouette: {labels.Length} labels for {n} points.", nameof(labels));
        var dense = new DenseLabels(labels);
        int k = dense.Count;
        if (k < 2 || k > n - 1)
            throw new ArgumentException($"Silhouette: needs 2 to N − 1 = {n - 1} clusters, got {k}.", nameof(labels));

        // Sort the points by cluster so that each cluster is a contiguous range of a distance row.
        int[] order = Enumerable.Range(0, n).OrderBy(i => dense.Indices[i]).ToArray();
        var start = new int[k + 1];
        for (int c = 0; c < k; c++) start[c + 1] = start[c] + dense.Sizes[c];
        var rows = new DistanceRows(x.Span, n, dim, order);
        var result = new double[n];

        int blocks = (n + BlockRows - 1) / BlockRows;
        Parallel.For(0, blocks, () => new float[BlockRows * n], (b, _, buffer) =>
        {
            int first = b * BlockRows, count = Math.Min(BlockRows, n - first);
            Span<float> block = buffer.AsSpan(0, count * n);
            rows.Squared(first, count, block);
            TensorPrimitives.Sqrt(block, block);
            for (int r = 0; r < count; r++)
            {
                int sorted = first + r;
                Span<float> distances = block.Slice(r * n, n);
                distances[sorted] = 0f;
                result[order[sorted]] = Sample(distances, dense.Indices[order[sorted]], start, k);
            }
            return buffer;
        }, _ => { });
        return result;
    }

    private static double Sample(ReadOnlySpan<float> distances, int own, int[] start, int k)
    {
        int ownSize = start[own + 1] - start[own];
        if (ownSize == 1) return 0.0;
        double a = 0, b = double.PositiveInfinity;
        for (int c = 0; c < k; c++)
        {
            int size = start[c + 1] - start[c];
            double sum = SumInDouble(distances.Slice(start[c], size));
            if (c == own) a = sum / (size - 1);
            else b = Math.Min(b, sum / size);
        }
        double max = Math.Max(a, b);
        return max == 0 ? 0.0 : (b - a) / max;
    }

    // Sums float chunks in double so that the mean distance keeps float precision for large clusters.
    private static double SumInDouble(ReadOnlySpan<float> values)
    {
        const int Chunk = 256;
        double sum = 0;
        for (int i = 0; i < values.Length; i += Chunk)
            sum += TensorPrimitives.Sum(values.Slice(i, Math.Min(Chunk, values.Length - i)));
        return sum;
    }
}
