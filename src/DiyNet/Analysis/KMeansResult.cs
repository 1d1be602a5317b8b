using DiyNet.Tensors;

namespace DiyNet.Analysis;

/// <summary>The best run of a <see cref="KMeans"/> fit.</summary>
public sealed class KMeansResult
{
    internal KMeansResult(int[] labels, Tensor centroids, double inertia, IReadOnlyList<double> inertiaHistory, int restart)
    {
        Labels = labels;
        Centroids = centroids;
        Inertia = inertia;
        InertiaHistory = inertiaHistory;
        Restart = restart;
    }

    /// <summary>Cluster of each point, in 0..k−1.</summary>
    public int[] Labels { get; }

    /// <summary>The centroids, shape (k, d); row c is the centre of cluster c.</summary>
    public Tensor Centroids { get; }

    /// <summary>Sum of squared distances from each point to its centroid: <c>Σ_i ‖x_i − c_{label(i)}‖²</c>.</summary>
    public double Inertia { get; }

    /// <summary>Assignment steps of the best run, the last one included.</summary>
    public int Iterations => InertiaHistory.Count;

    /// <summary>The inertia after each assignment step of the best run (non-increasing); the last is <see cref="Inertia"/>.</summary>
    public IReadOnlyList<double> InertiaHistory { get; }

    /// <summary>Which restart (0-based) gave this result.</summary>
    public int Restart { get; }

    /// <summary>Number of points in each cluster.</summary>
    public int[] ClusterSizes()
    {
        var sizes = new int[Centroids.Dim(0)];
        foreach (int l in Labels) sizes[l]++;
        return sizes;
    }

    /// <summary>The nearest centroid of each row of <paramref name="x"/> (new points are not added to the clusters).</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not (N, d) with the centroids' d.</exception>
    public int[] Predict(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int dim = Centroids.Dim(1);
        if (x.Rank != 2 || x.Dim(1) != dim)
            throw new ArgumentException($"KMeansResult.Predict: points must be (N, {dim}), got {x.ShapeString}.", nameof(x));
        var points = KMeans.ToDouble(x.Span);
        var centroids = KMeans.ToDouble(Centroids.Span);
        var labels = new int[x.Dim(0)];
        Array.Fill(labels, -1);
        KMeans.Assign(points, dim, centroids, labels, new double[labels.Length]);
        return labels;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"KMeansResult(k={Centroids.Dim(0)}, inertia {Inertia:G6}, {Iterations} iterations, restart {Restart})";
}
