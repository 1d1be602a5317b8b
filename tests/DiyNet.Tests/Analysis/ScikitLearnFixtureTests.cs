using DiyNet.Tensors;
using System.Text.Json;
using DiyNet;
using DiyNet.Analysis;
using Xunit;

namespace DiyNet.Tests.Analysis;

/// <summary>
/// The analysis tools against scikit-learn on one small data set (tools/make_analysis_fixtures.py writes
/// Fixtures/Analysis/sklearn.json; no Python is needed to run these tests).
/// </summary>
public class ScikitLearnFixtureTests
{
    private static readonly Lazy<Fixture> Data = new(Fixture.Load);

    [Fact]
    public void SilhouetteMatches()
    {
        var f = Data.Value;
        Assert.Equal(f.Double("silhouette_score"), Silhouette.Score(f.X, f.Labels), 1e-5);
        double[] expected = f.Doubles("silhouette_samples"), actual = Silhouette.Samples(f.X, f.Labels);
        for (int i = 0; i < f.N; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 2e-5, $"{f.Source}: sample {i}: sklearn {expected[i]}, DiyNet {actual[i]}");
    }

    [Fact]
    public void KMeansFindsTheSameBestClustering()
    {
        var f = Data.Value;
        var result = new KMeans(f.Int("kmeans_k"), restarts: 10, seed: 0).Fit(f.X);
        double expected = f.Double("kmeans_inertia");
        Assert.True(Math.Abs(result.Inertia - expected) <= 1e-6 * expected, $"{f.Source}: inertia sklearn {expected}, DiyNet {result.Inertia}");
        Assert.True(Blobs.SamePartition(f.Ints("kmeans_labels"), result.Labels), $"{f.Source}: partitions differ");
    }

    [Fact]
    public void PcaMatches()
    {
        var f = Data.Value;
        var pca = Pca.Fit(f.X, f.Dim);
        double[] variance = f.Doubles("pca_explained_variance"), ratio = f.Doubles("pca_explained_variance_ratio"), components = f.Doubles("pca_components");
        for (int c = 0; c < f.Dim; c++)
        {
            Assert.Equal(variance[c], pca.ExplainedVariance[c], 1e-6 * variance[0]);
            Assert.Equal(ratio[c], pca.ExplainedVarianceRatio[c], 1e-6);
            double dot = Enumerable.Range(0, f.Dim).Sum(j => components[c * f.Dim + j] * pca.Components[c, j]);
            Assert.True(Math.Abs(Math.Abs(dot) - 1) < 1e-5, $"{f.Source}: component {c}: |cos| = {Math.Abs(dot)}");
        }
    }

    [Fact]
    public void TsneAffinitiesMatch()
    {
        var f = Data.Value;
        float[] p = Tsne.Affinities(f.X, f.Double("tsne_perplexity"));
        float[] expected = f.FullAffinities();
        for (int k = 0; k < expected.Length; k++)
            Assert.True(Math.Abs(p[k] - expected[k]) <= 1e-4 * expected[k] + 1e-10, $"{f.Source}: P[{k / f.N}, {k % f.N}]: sklearn {expected[k]}, DiyNet {p[k]}");
    }

    [Fact]
    public void TsneKlDivergenceAndGradientMatch()
    {
        var f = Data.Value;
        float[] p = f.FullAffinities();
        double[] y = f.Doubles("tsne_y"), expected = f.Doubles("tsne_grad");
        int n = f.N;
        float[] yx = Enumerable.Range(0, n).Select(i => (float)y[2 * i]).ToArray();
        float[] yy = Enumerable.Range(0, n).Select(i => (float)y[2 * i + 1]).ToArray();
        var gx = new float[n];
        var gy = new float[n];
        double z = Tsne.Gradient(p, yx, yy, 1.0, gx, gy);
        double pSum = p.Sum(v => (double)v), pLogP = p.Where(v => v > 0).Sum(v => v * Math.Log(v));
        Assert.Equal(f.Double("tsne_kl"), Tsne.KlDivergence(p, yx, yy, z, pSum, pLogP), 1e-5);
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(gx[i] - expected[2 * i]) <= 1e-4 * scale, $"{f.Source}: ∂KL/∂y[{i}, 0]: sklearn {expected[2 * i]}, DiyNet {gx[i]}");
            Assert.True(Math.Abs(gy[i] - expected[2 * i + 1]) <= 1e-4 * scale, $"{f.Source}: ∂KL/∂y[{i}, 1]: sklearn {expected[2 * i + 1]}, DiyNet {gy[i]}");
        }
    }

    private sealed class Fixture(JsonElement root, string source)
    {
        public string Source { get; } = source;
        public int N => Int("n");
        public int Dim => Int("dim");
        public Tensor X { get; } = Tensor.FromArray(root.GetProperty("x").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray(),
            root.GetProperty("n").GetInt32(), root.GetProperty("dim").GetInt32());
        public int[] Labels => Ints("labels");

        public static Fixture Load()
        {
            string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Analysis", "sklearn.json");
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return new Fixture(doc.RootElement.Clone(), $"{path} (seed {doc.RootElement.GetProperty("seed").GetInt32()})");
        }

        public int Int(string name) => root.GetProperty(name).GetInt32();
        public double Double(string name) => root.GetProperty(name).GetDouble();
        public double[] Doubles(string name) => root.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();
        public int[] Ints(string name) => root.GetProperty(name).EnumerateArray().Select(v => v.GetInt32()).ToArray();

        // The condensed upper triangle, row by row, expanded to the full symmetric (n, n) matrix with a zero diagonal.
        public float[] FullAffinities()
        {
            double[] condensed = Doubles("tsne_p_condensed");
            int n = N, k = 0;
            var p = new float[n * n];
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++, k++)
                    p[i * n + j] = p[j * n + i] = (float)condensed[k];
            return p;
        }
    }
}
