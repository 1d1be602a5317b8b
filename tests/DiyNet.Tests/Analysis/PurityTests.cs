using DiyNet.Analysis;
using Xunit;

namespace DiyNet.Tests.Analysis;

public class PurityTests
{
    // Cluster 5: labels 3, 3, 8 → majority 3, purity 2/3.
    // Cluster 0: labels 1, 1    → majority 1, purity 1.
    // Cluster 2: labels 2, 2, 2, 7 → majority 2, purity 3/4.
    private static readonly int[] Clusters = [5, 5, 5, 0, 0, 2, 2, 2, 2];
    private static readonly int[] Labels = [3, 3, 8, 1, 1, 2, 7, 2, 2];

    [Fact]
    public void TabulatesMajorityLabelAndPurityPerCluster()
    {
        var table = Purity.Compute(Clusters, Labels);
        Assert.Equal([0, 2, 5], table.Rows.Select(r => r.Cluster));
        Assert.Equal([1, 2, 3], table.Rows.Select(r => r.MajorityLabel));
        Assert.Equal([2, 4, 3], table.Rows.Select(r => r.Size));
        Assert.Equal(1.0, table.Rows[0].Purity, 12);
        Assert.Equal(0.75, table.Rows[1].Purity, 12);
        Assert.Equal(2.0 / 3.0, table.Rows[2].Purity, 12);
        Assert.Equal(7.0 / 9.0, table.Overall, 12);
        double mean = (1 + 0.75 + 2.0 / 3.0) / 3;
        Assert.Equal(mean, table.MeanPurity, 12);
        double std = Math.Sqrt((Math.Pow(1 - mean, 2) + Math.Pow(0.75 - mean, 2) + Math.Pow(2.0 / 3.0 - mean, 2)) / 3);
        Assert.Equal(std, table.StdPurity, 12);
    }

    [Fact]
    public void TiesGoToTheSmallestLabel()
    {
        var table = Purity.Compute([0, 0, 0, 0], [9, 4, 9, 4]);
        Assert.Equal(4, table.Rows[0].MajorityLabel);
        Assert.Equal(0.5, table.Overall, 12);
    }

    [Fact]
    public void RendersAMarkdownTable()
    {
        string md = Purity.Compute(Clusters, Labels).ToMarkdown();
        Assert.Contains("| Cluster | Size | Majority label | Purity |", md);
        Assert.Contains("| 2 | 4 | 2 | 0.7500 |", md);
        Assert.Contains("| 5 | 3 | 3 | 0.6667 |", md);
        Assert.Contains("overall purity 0.7778", md);
    }

    [Fact]
    public void RejectsArraysOfDifferentLengths() =>
        Assert.Throws<ArgumentException>(() => Purity.Compute([0, 1], [0]));
}
