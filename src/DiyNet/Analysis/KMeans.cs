using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;

namespace DiyNet.Analysis;

/// <summary>
/// k-means clustering (Lloyd's algorithm) minimizing the inertia <c>Σ_i ‖x_i − c_{label(i)}‖²</c>, started by greedy
/// k-means++ (Arthur &amp; Vassilvitskii 2007, with 2 + ⌊ln k⌋ candidates per centre as in scikit-learn) and restarted
/// several times; the run with the lowest inertia wins.
/// </summary>
/// <remarks>
/// Distances are computed exactly in double (no ‖a‖² + ‖b‖² − 2a·b cancellation), points spread over the cores;
/// a point changes cluster only for a strictly closer centroid, so the inertia never increases from one assignment
/// step to the next. A cluster left empty takes the point farthest from its centroid. Results depend only on the
/// seed, not on the number of cores.
/// </remarks>
public sealed class KMeans
{
    private const int PointsPerTask = 256;

    /// <summary>Configures the clustering.</summary>
    /// <param name="k">Number of clusters.</param>
    /// <param name="restarts">Independent k-means++ starts; the best is kept.</param>
    /// <param name="maxIterations">Most assignment steps per start.</param>
    /// <param name="tolerance">
    /// Convergence when the total squared centroid shift of an update falls below
    /// <c>tolerance × mean variance of the features</c> (scikit-learn's rule); a run also stops when no point changes cluster.
    /// </param>
    /// <param name="seed">Seed of the starts.</param>
    /// <exception cref="ArgumentOutOfRangeException">k, restarts or maxIterations is not positive, or tolerance is negative.</exception>
    public KMeans(int k, int restarts = 10, int maxIterations = 300, double tolerance = 1e-4, int seed = 0)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "KMeans: k must be at least 1.");
        if (restarts < 1) throw new ArgumentOutOfRangeException(nameof(restarts), restarts, "KMeans: restarts must be at least 1.");
        if (maxIterations < 1) throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, "KMeans: maxIterations must be at least 1.");
        if (!(tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "KMeans: tolerance must be ≥ 0.");
        K = k;
        Restarts = restarts;
        MaxIterations = maxIterations;
        Tolerance = tolerance;
        Seed = seed;
    }

    /// <summary>Number of clusters.</summary>
    public int K { get; }

    /// <summary>Independent starts.</summary>
    public int Restarts { get; }

    /// <summary>Most assignment steps per start.</summary>
    public int MaxIterations { get; }

    /// <summary>Relative tolerance on the centroid shift.</summary>
    public double Tolerance { get; }

    /// <summary>Seed of the starts.</summary>
    public int Seed { get; }

    /// <summary>Clusters the rows of <paramref name="x"/>.</summary>
    /// <param name="x">Points, shape (N, d) with N ≥ k.</param>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not (N, d), or has fewer than k rows.</exception>
    public KMeansResult Fit(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 2) throw new ArgumentException($"KMeans: points must be (N, d), got {x.ShapeString}.", nameof(x));
        int n = x.Dim(0), dim = x.Dim(1);
        if (n < K || dim == 0) throw new ArgumentException($"KMeans: needs at least k = {K} points of at least one feature, got {x.ShapeString}.", nameof(x));
        double[] points = ToDouble(x.Span);
        double shiftTolerance = Tolerance * MeanVariance(points, n, dim);
        var seeds = new Random(Seed);
        Run? best = null;
        for (int r = 0; r < Restarts; r++)
        {
            var run = RunOnce(points, n, dim, new Random(seeds.Next()), shiftTolerance);
            if (best is null || run.Inertia < best.Inertia) best = run with { Restart = r };
        }
        var centroids = new Tensor(K, dim);
        for (int i = 0; i < centroids.Length; i++) centroids.Span[i] = (float)best!.Centroids[i];
        return new KMeansResult(best!.Labels, centroids, best.Inertia, best.History, best.Restart);
    }

    private sealed record Run(int[] Labels, double[] Centroids, double Inertia, List<double> History, int Restart);

    private Run RunOnce(double[] points, int n, int dim, Random random, double shiftTolerance)
    {
        double[] centroids = PlusPlus(points, n, dim, random);
        var labels = new int[n];
        Array.Fill(labels, -1);
        var distances = new double[n];
        var history = new List<double>();
        bool converged = false;
        while (true)
        {
            int changed = Assign(points, dim, centroids, labels, distances);
            history.Add(SumOfSquares(distances));
            if (changed == 0 || converged || history.Count == MaxIterations) break;
            converged = Update(points, n, dim, labels, distances, centroids) <= shiftTolerance;
        }
        return new Run(labels, centroids, history[^1], history, 0);
    }

    /// <summary>Greedy k-means++: each new centre is the best of a few D²-weighted candidates.</summary>
    private double[] PlusPlus(double[] points, int n, int dim, Random random)
    {
        var centroids = new double[K * dim];
        int trials = 2 + (int)Math.Log(K);
        int first = random.Next(n);
        points.AsSpan(first * dim, dim).CopyTo(centroids);
        var closest = new double[n];
        DistancesTo(points, dim, points.AsSpan(first * dim, dim), closest);
        double potential = SumOfSquares(closest);
        var cumulative = new double[n];
        var candidate = new double[n];
        var bestCandidate = new double[n];
        for (int c = 1; c < K; c++)
        {
            double running = 0;
            for (int i = 0; i < n; i++) cumulative[i] = running += closest[i] * closest[i];
            double bestPotential = double.PositiveInfinity;
            int bestIndex = 0;
            for (int t = 0; t < trials; t++)
            {
                int id = potential > 0 ? SearchSorted(cumulative, random.NextDouble() * potential) : random.Next(n);
                DistancesTo(points, dim, points.AsSpan(id * dim, dim), candidate);
                TensorPrimitives.Min(candidate, closest, candidate);
                double p = SumOfSquares(candidate);
                if (p < bestPotential)
                {
                    bestPotential = p;
                    bestIndex = id;
                    candidate.CopyTo(bestCandidate, 0);
                }
            }
            points.AsSpan(bestIndex * dim, dim).CopyTo(centroids.AsSpan(c * dim, dim));
            bestCandidate.CopyTo(closest, 0);
            potential = bestPotential;
        }
        return centroids;
    }

    private static int SearchSorted(double[] cumulative, double value)
    {
        int i = Array.BinarySearch(cumulative, value);
        if (i < 0) i = ~i;
        return Math.Min(i, cumulative.Length - 1);
    }

    private static void DistancesTo(double[] points, int dim, ReadOnlySpan<double> centre, double[] destination)
    {
        double[] c = centre.ToArray();
        Parallel.For(0, (destination.Length + PointsPerTask - 1) / PointsPerTask, b =>
        {
            int end = Math.Min(destination.Length, (b + 1) * PointsPerTask);
            for (int i = b * PointsPerTask; i < end; i++)
                destination[i] = TensorPrimitives.Distance(points.AsSpan(i * dim, dim), c);
        });
    }

    /// <summary>
    /// Moves each point to its nearest centroid, keeping its cluster unless another is strictly closer; writes the
    /// distance to the chosen centroid and returns how many points changed cluster.
    /// </summary>
    internal static int Assign(double[] points, int dim, double[] centroids, int[] labels, double[] distances)
    {
        int n = labels.Length, k = centroids.Length / dim;
        int changed = 0;
        Parallel.For(0, (n + PointsPerTask - 1) / PointsPerTask, () => 0, (b, _, local) =>
        {
            int end = Math.Min(n, (b + 1) * PointsPerTask);
            for (int i = b * PointsPerTask; i < end; i++)
            {
                ReadOnlySpan<double> x = points.AsSpan(i * dim, dim);
                int label = labels[i];
                double best = label >= 0 ? TensorPrimitives.Distance(x, centroids.AsSpan(label * dim, dim)) : double.PositiveInfinity;
                int bestLabel = label;
                for (int c = 0; c < k; c++)
                {
                    if (c == label) continue;
                    double d = TensorPrimitives.Distance(x, centroids.AsSpan(c * dim, dim));
                    if (d < best) { best = d; bestLabel = c; }
                }
                if (bestLabel < 0) bestLabel = 0;
                if (bestLabel != label) { labels[i] = bestLabel; local++; }
                distances[i] = best;
            }
            return local;
        }, local => Interlocked.Add(ref changed, local));
        return changed;
    }

    /// <summary>
    /// Moves each centroid to the mean of its points (an empty cluster first takes the point farthest from its
    /// centroid); returns the total squared shift of the centroids.
    /// </summary>
    private double Update(double[] points, int n, int dim, int[] labels, double[] distances, double[] centroids)
    {
        var sizes = new int[K];
        foreach (int l in labels) sizes[l]++;
        for (int c = 0; c < K; c++)
        {
            if (sizes[c] > 0) continue;
            int far = -1;
            for (int i = 0; i < n; i++)
                if (sizes[labels[i]] > 1 && (far < 0 || distances[i] > distances[far])) far = i;
            sizes[labels[far]]--;
            labels[far] = c;
            distances[far] = 0;
            sizes[c] = 1;
        }
        var sums = new double[K * dim];
        for (int i = 0; i < n; i++)
        {
            Span<double> s = sums.AsSpan(labels[i] * dim, dim);
            TensorPrimitives.Add(s, points.AsSpan(i * dim, dim), s);
        }
        double shift = 0;
        for (int c = 0; c < K; c++)
        {
            Span<double> s = sums.AsSpan(c * dim, dim);
            TensorPrimitives.Multiply(s, 1.0 / sizes[c], s);
            double d = TensorPrimitives.Distance(s, centroids.AsSpan(c * dim, dim));
            shift += d * d;
        }
        sums.CopyTo(centroids, 0);
        return shift;
    }

    private static double MeanVariance(double[] points, int n, int dim)
    {
        var mean = new double[dim];
        for (int i = 0; i < n; i++) TensorPrimitives.Add(mean, points.AsSpan(i * dim, dim), mean);
        TensorPrimitives.Multiply(mean, 1.0 / n, mean);
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double d = TensorPrimitives.Distance(points.AsSpan(i * dim, dim), mean);
            total += d * d;
        }
        return total / n / dim;
    }

    private static double SumOfSquares(double[] distances)
    {
        double s = 0;
        foreach (double d in distances) s += d * d;
        return s;
    }

    internal static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }

    /// <inheritdoc />
    public override string ToString() => $"KMeans(k={K}, restarts={Restarts}, maxIterations={MaxIterations}, tolerance={Tolerance:G3}, seed={Seed})";
}
