using DiyNet.Tensors;
using DiyNet;
using DiyNet.Analysis;
using Xunit;

namespace DiyNet.Tests.Analysis;

public class SilhouetteTests
{
    [Fact]
    public void MatchesAHandComputedExampleInOneDimension()
    {
        // Points 0, 1 | 4, 6 | 10 (labels 7, 7, -3, -3, 42: any integers name the clusters).
        //   x=0:  a = 1,              b = min((4+6)/2, 10) = 5     → s = (5 − 1)/5   = 0.8
        //   x=1:  a = 1,              b = min((3+5)/2, 9)  = 4     → s = (4 − 1)/4   = 0.75
        //   x=4:  a = 2,              b = min((4+3)/2, 6)  = 3.5   → s = 1.5/3.5     = 3/7
        //   x=6:  a = 2,              b = min((6+5)/2, 4)  = 4     → s = (4 − 2)/4   = 0.5
        //   x=10: alone in its cluster                             → s = 0
        //   mean = (0.8 + 0.75 + 3/7 + 0.5 + 0)/5 = 0.495714…
        var x = Tensor.FromArray([0f, 1f, 4f, 6f, 10f], 5, 1);
        int[] labels = [7, 7, -3, -3, 42];
        double[] expected = [0.8, 0.75, 3.0 / 7.0, 0.5, 0.0];
        double[] s = Silhouette.Samples(x, labels);
        for (int i = 0; i < 5; i++) Assert.Equal(expected[i], s[i], 1e-6);
        Assert.Equal((0.8 + 0.75 + 3.0 / 7.0 + 0.5) / 5, Silhouette.Score(x, labels), 1e-6);
    }

    [Fact]
    public void MatchesAHandComputedExampleInTwoDimensions()
    {
        // Cluster A: (0,0), (0,2); cluster B: (3,4), (3,6).
        //   |(0,0)-(3,4)| = 5, |(0,0)-(3,6)| = √45, |(0,2)-(3,4)| = √13, |(0,2)-(3,6)| = 5, within each cluster 2.
        //   (0,0): a = 2, b = (5 + √45)/2   (0,2): a = 2, b = (√13 + 5)/2
        //   (3,4): a = 2, b = (5 + √13)/2   (3,6): a = 2, b = (√45 + 5)/2      s = (b − a)/b
        var x = Tensor.FromRows(new float[,] { { 0, 0 }, { 0, 2 }, { 3, 4 }, { 3, 6 } });
        double far = (5 + Math.Sqrt(45)) / 2, near = (5 + Math.Sqrt(13)) / 2;
        double[] expected = [(far - 2) / far, (near - 2) / near, (near - 2) / near, (far - 2) / far];
        double[] s = Silhouette.Samples(x, [0, 0, 1, 1]);
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], s[i], 1e-6);
    }

    [Theory]
    [InlineData(1, 301, 7, 4)]
    [InlineData(2, 97, 33, 2)]
    [InlineData(3, 520, 3, 9)]
    public void BlockedComputationMatchesANaiveReference(int seed, int n, int dim, int k)
    {
        var x = TestData.Uniform(seed, -3, 5, n, dim);
        var random = new Random(seed);
        int[] labels = Enumerable.Range(0, n).Select(i => i < k ? i : random.Next(k)).ToArray();
        double[] fast = Silhouette.Samples(x, labels);
        double[] naive = NaiveSamples(x, labels, k);
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(fast[i] - naive[i]) < 2e-5, $"seed {seed}: sample {i}: {fast[i]} vs {naive[i]}");
    }

    [Fact]
    public void SeparatedBlobsScoreNearOne()
    {
        var (x, labels) = Blobs.Make(4, Blobs.AxisCenters(3, 4, 100f), [30, 40, 50], 1f);
        Assert.True(Silhouette.Score(x, labels) > 0.95);
    }

    [Fact]
    public void RejectsOneClusterOrOneClusterPerPoint()
    {
        var x = TestData.Uniform(5, 0, 1, 4, 2);
        Assert.Throws<ArgumentException>(() => Silhouette.Score(x, [1, 1, 1, 1]));
        Assert.Throws<ArgumentException>(() => Silhouette.Score(x, [0, 1, 2, 3]));
        Assert.Throws<ArgumentException>(() => Silhouette.Score(x, [0, 1, 0]));
    }

    private static double[] NaiveSamples(Tensor x, int[] labels, int k)
    {
        int n = x.Dim(0), d = x.Dim(1);
        var s = new double[n];
        for (int i = 0; i < n; i++)
        {
            var sums = new double[k];
            var counts = new int[k];
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double d2 = 0;
                for (int f = 0; f < d; f++) d2 += Math.Pow((double)x[i, f] - x[j, f], 2);
                sums[labels[j]] += Math.Sqrt(d2);
                counts[labels[j]]++;
            }
            int own = labels[i];
            if (counts[own] == 0) { s[i] = 0; continue; }
            double a = sums[own] / counts[own];
            double b = Enumerable.Range(0, k).Where(c => c != own).Min(c => sums[c] / counts[c]);
            s[i] = (b - a) / Math.Max(a, b);
        }
        return s;
    }
}
