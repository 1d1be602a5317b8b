using DiyNet.Tensors;
using DiyNet;
using DiyNet.Analysis;
using Xunit;

namespace DiyNet.Tests.Analysis;

public class KMeansTests
{
    [Theory]
    [InlineData(1, 3, 2)]
    [InlineData(2, 5, 8)]
    [InlineData(3, 10, 16)]
    public void RecoversSeparableBlobsExactly(int seed, int k, int dim)
    {
        int[] sizes = Enumerable.Range(0, k).Select(c => 20 + 7 * c).ToArray();
        var (x, truth) = Blobs.Make(seed, Blobs.AxisCenters(k, dim, 10f), sizes, 0.5f);
        var result = new KMeans(k, restarts: 5, seed: seed).Fit(x);
        Assert.True(Blobs.SamePartition(truth, result.Labels), $"seed {seed}, k {k}: partition differs from the blobs");
        Assert.Equal(sizes.Order().ToArray(), result.ClusterSizes().Order().ToArray());
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void InertiaNeverIncreasesAcrossIterations(int seed)
    {
        // Overlapping blobs: several assignment steps before convergence.
        var (x, _) = Blobs.Make(seed, Blobs.AxisCenters(6, 3, 2f), [40, 50, 60, 40, 50, 60], 1.2f);
        var result = new KMeans(6, restarts: 3, tolerance: 0, seed: seed).Fit(x);
        var h = result.InertiaHistory;
        Assert.True(h.Count >= 4, $"seed {seed}: only {h.Count} iterations, the test needs a longer run");
        for (int t = 1; t < h.Count; t++)
            Assert.True(h[t] <= h[t - 1] * (1 + 1e-12), $"seed {seed}: inertia rose from {h[t - 1]:R} to {h[t]:R} at step {t}");
        Assert.Equal(h[^1], result.Inertia);
    }

    [Fact]
    public void InertiaAndCentroidsMatchTheirDefinitions()
    {
        var (x, _) = Blobs.Make(21, Blobs.AxisCenters(4, 5, 3f), [30, 30, 30, 30], 1f);
        var result = new KMeans(4, seed: 21).Fit(x);
        int d = x.Dim(1);
        double inertia = 0;
        for (int i = 0; i < x.Dim(0); i++)
            for (int j = 0; j < d; j++)
            {
                double diff = x[i, j] - (double)result.Centroids[result.Labels[i], j];
                inertia += diff * diff;
            }
        Assert.Equal(inertia, result.Inertia, 1e-5 * inertia);
        // Converged: every centroid is the mean of its points, and Predict gives back the labels.
        for (int c = 0; c < 4; c++)
            for (int j = 0; j < d; j++)
            {
                var members = Enumerable.Range(0, x.Dim(0)).Where(i => result.Labels[i] == c).ToArray();
                double mean = members.Average(i => (double)x[i, j]);
                Assert.Equal(mean, result.Centroids[c, j], 1e-4);
            }
        Assert.Equal(result.Labels, result.Predict(x));
    }

    [Fact]
    public void MoreRestartsNeverDoWorseAndTheSeedFixesTheResult()
    {
        var (x, _) = Blobs.Make(31, Blobs.AxisCenters(8, 4, 2f), Enumerable.Repeat(25, 8).ToArray(), 1.5f);
        var one = new KMeans(8, restarts: 1, seed: 5).Fit(x);
        var ten = new KMeans(8, restarts: 10, seed: 5).Fit(x);
        var again = new KMeans(8, restarts: 10, seed: 5).Fit(x);
        Assert.True(ten.Inertia <= one.Inertia, $"seed 5: 10 restarts {ten.Inertia} > 1 restart {one.Inertia}");
        Assert.Equal(ten.Labels, again.Labels);
        Assert.Equal(ten.Inertia, again.Inertia);
    }

    [Fact]
    public void EmptyClustersAreRefilled()
    {
        // Two distinct values for k = 3: k-means++ runs out of distinct points and duplicates a centre, whose cluster
        // starts empty; it must take a point, and the clustering stays perfect.
        var x = new Tensor(12, 1);
        x[10, 0] = 100f;
        x[11, 0] = 100f;
        var result = new KMeans(3, restarts: 2, seed: 1).Fit(x);
        Assert.All(result.ClusterSizes(), s => Assert.True(s > 0));
        Assert.Equal(0.0, result.Inertia, 1e-9);
    }

    [Fact]
    public void RejectsBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KMeans(0));
        Assert.Throws<ArgumentException>(() => new KMeans(5).Fit(new Tensor(4, 2)));
        Assert.Throws<ArgumentException>(() => new KMeans(2).Fit(new Tensor(4)));
        var fit = new KMeans(2, restarts: 1).Fit(TestData.Uniform(1, -1, 1, 10, 3));
        Assert.Throws<ArgumentException>(() => fit.Predict(new Tensor(2, 4)));
    }
}
