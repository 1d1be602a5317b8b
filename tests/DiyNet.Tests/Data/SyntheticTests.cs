using DiyNet.Data;
using Xunit;

namespace DiyNet.Tests.Data;

public class SyntheticTests
{
    [Fact]
    public void GeneratorsAreSeededAndBalanced()
    {
        var a = Synthetic.FourGaussians(400, seed: 3);
        var b = Synthetic.FourGaussians(400, seed: 3);
        Assert.True(a.X.Span.SequenceEqual(b.X.Span), "seed 3: two draws differ");
        Assert.Equal(200, a.Labels.Count(l => l == 1));
        Assert.Equal(200, Synthetic.TwoGaussians(400, seed: 4).Labels.Count(l => l == 0));
    }

    [Fact]
    public void FourGaussiansAreInTheXorLayout()
    {
        var d = Synthetic.FourGaussians(2000, seed: 5, noise: 0f);
        int agree = 0;
        for (int i = 0; i < d.Count; i++)
            agree += (d.X[i, 0] * d.X[i, 1] > 0 ? 1 : 0) == d.Labels[i] ? 1 : 0;
        Assert.True(agree > 0.95 * d.Count, $"seed 5: only {agree}/{d.Count} points follow the XOR layout");
    }

    [Theory]
    [InlineData(0.5f, 0.5f, 0)]
    [InlineData(1.5f, 0.5f, 1)]
    [InlineData(-0.5f, 0.5f, 1)]
    [InlineData(-0.5f, -0.5f, 0)]
    [InlineData(-3.5f, 3.5f, 1)]
    [InlineData(-3.5f, 2.5f, 0)]
    public void CheckerboardLabelIsTheParityOfTheCell(float x, float y, int expected) =>
        Assert.Equal(expected, Synthetic.CheckerboardLabel(x, y));

    [Fact]
    public void CheckerboardWithoutNoiseFollowsItsLabels()
    {
        var d = Synthetic.Checkerboard(1000, seed: 6, noise: 0f);
        for (int i = 0; i < d.Count; i++)
            Assert.Equal(Synthetic.CheckerboardLabel(d.X[i, 0], d.X[i, 1]), d.Labels[i]);
        Assert.InRange(d.Labels.Count(l => l == 1), 400, 600);
    }

    [Fact]
    public void RegressionFollowsItsLine()
    {
        var (x, y) = Synthetic.LinearRegression(500, seed: 7, slope: 2f, intercept: 0.5f, noise: 0f);
        for (int i = 0; i < 500; i++) Assert.Equal(2f * x[i, 0] + 0.5f, y[i, 0], 5);
    }
}
