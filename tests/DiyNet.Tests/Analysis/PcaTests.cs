using DiyNet.Tensors;
using DiyNet;
using DiyNet.Analysis;
using Xunit;

namespace DiyNet.Tests.Analysis;

public class PcaTests
{
    [Fact]
    public void RecoversTheDominantDirectionOfAStretchedGaussian()
    {
        // Standard deviations 10, 1, 0.1 along an orthonormal basis whose first axis is u = (1, 2, 2)/3.
        double[][] basis = [[1 / 3.0, 2 / 3.0, 2 / 3.0], [2 / 3.0, 1 / 3.0, -2 / 3.0], [2 / 3.0, -2 / 3.0, 1 / 3.0]];
        double[] stds = [10, 1, 0.1];
        var random = new Random(1);
        const int n = 2000;
        var x = new Tensor(n, 3);
        for (int i = 0; i < n; i++)
            for (int a = 0; a < 3; a++)
            {
                double t = stds[a] * random.NextGaussian();
                for (int j = 0; j < 3; j++) x[i, j] += (float)(t * basis[a][j] + 5);
            }
        var pca = Pca.Fit(x, 3);
        for (int a = 0; a < 3; a++)
        {
            double dot = Enumerable.Range(0, 3).Sum(j => pca.Components[a, j] * basis[a][j]);
            Assert.True(Math.Abs(dot) > 0.995, $"seed 1: component {a} · expected axis = {dot}");
        }
        Assert.Equal(100, pca.ExplainedVariance[0], 100 * 0.1);
        Assert.True(pca.ExplainedVarianceRatio[0] > 0.98);
        Assert.Equal(1.0, pca.ExplainedVarianceRatio.Sum(), 1e-9);
        Assert.True(pca.ExplainedVarianceRatio[0] >= pca.ExplainedVarianceRatio[1] && pca.ExplainedVarianceRatio[1] >= pca.ExplainedVarianceRatio[2]);
        for (int j = 0; j < 3; j++) Assert.Equal(15, pca.Mean[j], 0.5);
    }

    [Fact]
    public void ProjectionsAreCenteredWithTheExplainedVariances()
    {
        var x = TestData.Uniform(2, -1, 3, 500, 12);
        for (int i = 0; i < 500; i++) x[i, 3] = 4 * x[i, 0] - x[i, 5];
        var pca = Pca.Fit(x, 4);
        Assert.True(pca.ExplainedVarianceRatio.Sum() <= 1.0);
        var z = pca.Transform(x);
        Assert.Equal([500, 4], z.Shape.ToArray());
        for (int c = 0; c < 4; c++)
        {
            double mean = Enumerable.Range(0, 500).Average(i => (double)z[i, c]);
            double variance = Enumerable.Range(0, 500).Sum(i => Math.Pow(z[i, c] - mean, 2)) / 499;
            Assert.Equal(0, mean, 1e-4);
            Assert.Equal(pca.ExplainedVariance[c], variance, 1e-4 * pca.ExplainedVariance[0]);
        }
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 4; b++)
            {
                double dot = Enumerable.Range(0, 12).Sum(j => (double)pca.Components[a, j] * pca.Components[b, j]);
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 1e-5);
            }
    }

    [Fact]
    public void JacobiDecomposesASymmetricMatrix()
    {
        const int d = 20;
        var random = new Random(3);
        var m = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++) m[i * d + j] = m[j * d + i] = random.NextDouble() * 2 - 1;
        var original = (double[])m.Clone();
        var (values, vectors) = SymmetricEigen.Decompose(m, d);
        for (int k = 0; k < d; k++)
        {
            if (k > 0) Assert.True(values[k] <= values[k - 1]);
            for (int i = 0; i < d; i++)
            {
                double av = 0;
                for (int j = 0; j < d; j++) av += original[i * d + j] * vectors[k * d + j];
                Assert.Equal(values[k] * vectors[k * d + i], av, 1e-10);
            }
        }
        var (two, _) = SymmetricEigen.Decompose([2, 1, 1, 2], 2);
        Assert.Equal([3.0, 1.0], two.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void RejectsBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Pca.Fit(new Tensor(5, 3), 4));
        Assert.Throws<ArgumentException>(() => Pca.Fit(new Tensor(1, 3), 1));
        Assert.Throws<ArgumentException>(() => Pca.Fit(TestData.Uniform(1, 0, 1, 5, 3), 2).Transform(new Tensor(2, 2)));
    }
}
