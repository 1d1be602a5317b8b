using DiyNet.Tensors;
using DiyNet.Modules;
using DiyNet;
using DiyNet.Analysis;
using Xunit;

namespace DiyNet.Tests.Analysis;

public class TsneTests
{
    [Theory]
    [InlineData(1, 37)]   // 2 full 16-lane vectors + a scalar tail of 5
    [InlineData(2, 8)]
    [InlineData(3, 64)]
    public void GradientMatchesFiniteDifferencesOfTheKlDivergence(int seed, int n)
    {
        var x = TestData.Uniform(seed, -1, 1, n, 5);
        float[] p = Tsne.Affinities(x, perplexity: Math.Min(5, n - 1));
        var random = new Random(seed);
        double[] y = Enumerable.Range(0, 2 * n).Select(_ => 2.0 * random.NextGaussian()).ToArray();
        float[] yx = y.Take(n).Select(v => (float)v).ToArray(), yy = y.Skip(n).Select(v => (float)v).ToArray();
        var gx = new float[n];
        var gy = new float[n];
        double z = Tsne.Gradient(p, yx, yy, 1.0, gx, gy);

        double kl = NaiveKl(p, y, n);
        double pSum = p.Sum(v => (double)v), pLogP = p.Where(v => v > 0).Sum(v => v * Math.Log(v));
        Assert.Equal(kl, Tsne.KlDivergence(p, yx, yy, z, pSum, pLogP), 1e-4);

        double scale = Math.Max(gx.Max(Math.Abs), gy.Max(Math.Abs));
        const double h = 1e-5;
        for (int k = 0; k < 2 * n; k++)
        {
            double saved = y[k];
            y[k] = saved + h;
            double plus = NaiveKl(p, y, n);
            y[k] = saved - h;
            double minus = NaiveKl(p, y, n);
            y[k] = saved;
            double numeric = (plus - minus) / (2 * h);
            double analytic = k < n ? gx[k] : gy[k - n];
            Assert.True(Math.Abs(analytic - numeric) <= 1e-3 * scale + 1e-6,
                $"seed {seed}, n {n}: coordinate {k}: analytic {analytic:G6}, numeric {numeric:G6}");
        }
    }

    [Fact]
    public void CalibrationReachesThePerplexity()
    {
        var random = new Random(7);
        foreach (double perplexity in new[] { 5.0, 30.0, 80.0 })
        {
            float[] d2 = Enumerable.Range(0, 300).Select(_ => (float)(50 * random.NextDouble())).ToArray();
            var p = new float[d2.Length];
            Tsne.Calibrate(d2, Math.Log(perplexity), p);
            double sum = p.Sum(v => (double)v);
            double entropy = -p.Where(v => v > 0).Sum(v => v * Math.Log(v));
            Assert.Equal(1.0, sum, 1e-5);
            Assert.True(Math.Abs(Math.Exp(entropy) - perplexity) < 1e-3 * perplexity, $"seed 7: perplexity {Math.Exp(entropy)} for target {perplexity}");
        }
    }

    [Fact]
    public void AffinitiesAreSymmetricAndSumToOne()
    {
        var x = TestData.Uniform(8, -1, 1, 50, 4);
        float[] p = Tsne.Affinities(x, 10);
        double sum = 0;
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(0f, p[i * 50 + i]);
            for (int j = 0; j < 50; j++)
            {
                Assert.Equal(p[i * 50 + j], p[j * 50 + i]);
                sum += p[i * 50 + j];
            }
        }
        Assert.Equal(1.0, sum, 1e-5);
    }

    [Theory]
    [InlineData(TsneInit.Pca)]
    [InlineData(TsneInit.Random)]
    public void SeparatedBlobsStaySeparatedAndKlDecreases(TsneInit init)
    {
        const int seed = 9;
        var (x, labels) = Blobs.Make(seed, Blobs.AxisCenters(3, 10, 20f), [50, 60, 70], 1f);
        var result = Tsne.Fit(x, new TsneOptions { Init = init, Seed = seed });
        var h = result.History;
        Assert.Equal(20, h.Count);
        Assert.Equal(1000, h[^1].Iteration);
        Assert.True(h[^1].KlDivergence < h[0].KlDivergence, $"seed {seed}, {init}: KL {h[0].KlDivergence} → {h[^1].KlDivergence}");
        Assert.True(h[^1].KlDivergence >= 0);

        var e = result.Embedding;
        Assert.Equal([180, 2], e.Shape.ToArray());
        int agree = 0;
        for (int i = 0; i < 180; i++)
        {
            int nearest = -1;
            double best = double.PositiveInfinity;
            for (int j = 0; j < 180; j++)
            {
                if (j == i) continue;
                double d = Math.Pow(e[i, 0] - e[j, 0], 2) + Math.Pow(e[i, 1] - e[j, 1], 2);
                if (d < best) { best = d; nearest = j; }
            }
            agree += labels[nearest] == labels[i] ? 1 : 0;
        }
        Assert.Equal(180, agree);
        Assert.True(Blobs.SamePartition(labels, new KMeans(3, seed: seed).Fit(e).Labels), $"seed {seed}, {init}: k-means on the embedding splits the blobs differently");
    }

    [Fact]
    public void SameOptionsGiveTheSameEmbedding()
    {
        var x = TestData.Uniform(10, -1, 1, 70, 6);
        var seen = new List<int>();
        var options = new TsneOptions { Perplexity = 10, Iterations = 120, Init = TsneInit.Random, Seed = 3, OnRecord = r => seen.Add(r.Iteration) };
        var a = Tsne.Fit(x, options).Embedding;
        var b = Tsne.Fit(x, options).Embedding;
        Assert.Equal(a.Span.ToArray(), b.Span.ToArray());
        Assert.Equal([50, 100, 120, 50, 100, 120], seen);
    }

    [Fact]
    public void LearningRateAutoFollowsScikitLearn()
    {
        var x = TestData.Uniform(11, -1, 1, 40, 3);
        Assert.Equal(50.0, Tsne.Fit(x, new TsneOptions { Perplexity = 5, Iterations = 1 }).LearningRate);
        Assert.Equal(200.0, Tsne.Fit(x, new TsneOptions { Perplexity = 5, Iterations = 1, LearningRate = 200 }).LearningRate);
    }

    [Fact]
    public void RejectsAPerplexityNotBelowTheNumberOfPoints() =>
        Assert.Throws<ArgumentException>(() => Tsne.Fit(TestData.Uniform(12, 0, 1, 20, 3)));

    // KL(P ‖ Q) in double, straight from the definition.
    private static double NaiveKl(float[] p, double[] y, int n)
    {
        double z = 0;
        var w = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (i == j) continue;
                double dx = y[i] - y[j], dy = y[n + i] - y[n + j];
                w[i * n + j] = 1 / (1 + dx * dx + dy * dy);
                z += w[i * n + j];
            }
        double kl = 0;
        for (int k = 0; k < n * n; k++)
            if (p[k] > 0) kl += p[k] * Math.Log(p[k] / (w[k] / z));
        return kl;
    }
}
