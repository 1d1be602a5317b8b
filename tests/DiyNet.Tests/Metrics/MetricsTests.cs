using DiyNet.Data;
using DiyNet.Metrics;
using DiyNet.Tensors;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Metrics;

public class MetricsTests
{
    // Hand-worked example: 7 examples, 3 classes.
    private static readonly int[] Truth = [0, 0, 1, 1, 2, 2, 2];
    private static readonly int[] Predicted = [0, 1, 1, 1, 2, 0, 2];

    [Fact]
    public void AccuracyCountsAgreements()
    {
        Assert.Equal(5.0 / 7.0, Scores.Accuracy(Truth, Predicted));
        var y = Preparation.OneHot(Truth, 3);
        var scores = Preparation.OneHot(Predicted, 3);
        Assert.Equal(5.0 / 7.0, Scores.Accuracy(y, scores));
        Assert.Equal(0.5, Scores.Accuracy(Tensor.FromArray([1f, -1f], 2, 1), Tensor.FromArray([0.3f, 0.2f], 2, 1)));
        Assert.Equal("Accuracy: 2 true values, 1 predictions.", Assert.Throws<ArgumentException>(() => Scores.Accuracy([1, 2], [1])).Message);
    }

    [Fact]
    public void ConfusionMatrixAndPerClassScores()
    {
        var m = new ConfusionMatrix(Truth, Predicted, 3);
        Assert.Equal(new int[,] { { 1, 1, 0 }, { 0, 2, 0 }, { 1, 0, 2 } }, m.ToArray());
        Assert.Equal(7, m.Total);
        Assert.Equal(5, m.Correct);
        Assert.Equal([0.5, 2.0 / 3.0, 1.0], Enumerable.Range(0, 3).Select(m.Precision));
        Assert.Equal([0.5, 1.0, 2.0 / 3.0], Enumerable.Range(0, 3).Select(m.Recall));
        Assert.Equal([0.5, 0.8, 0.8], Enumerable.Range(0, 3).Select(m.F1));
        Assert.Equal(1.0 / 3.0, m.RowNormalized()[2, 0]);

        var r = m.Report();
        Assert.Equal((0.5 + 2.0 / 3.0 + 1.0) / 3, r.MacroPrecision, 12);
        Assert.Equal((0.5 + 1.0 + 2.0 / 3.0) / 3, r.MacroRecall, 12);
        Assert.Equal(0.7, r.MacroF1, 12);
        Assert.Equal(5.0 / 7.0, r.WeightedF1, 12);
        Assert.Equal(5.0 / 7.0, r.WeightedRecall, 12);
        Assert.Equal([2, 2, 3], r.Classes.Select(c => c.Support));
    }

    [Fact]
    public void NeverPredictedClassScoresZeroNotNaN()
    {
        var m = new ConfusionMatrix([0, 1, 2], [0, 0, 0], 3);
        Assert.Equal(0.0, m.Precision(1));
        Assert.Equal(0.0, m.F1(2));
        Assert.Equal(1.0 / 3.0, m.Precision(0));
    }

    [Fact]
    public void ConfusionMatrixPrintsAnAlignedTable()
    {
        var m = new ConfusionMatrix(Truth, Predicted, 3, ["a", "b", "c"]);
        string expected = "true\\pred a b c\na         1 1 0\nb         0 2 0\nc         1 0 2\n";
        Assert.Equal(expected, m.ToString().ReplaceLineEndings("\n"));
        Assert.Contains("| b | 0.6667 | 1.0000 | 0.8000 | 2 |", m.Report().ToMarkdown());
        Assert.Equal("ConfusionMatrix: predicted label 3 at index 0 is outside 0..2.",
            Assert.Throws<ArgumentException>(() => new ConfusionMatrix([0], [3], 3)).Message);
    }

    [Fact]
    public void R2FollowsScikitLearn()
    {
        // sklearn's r2_score docstring example: 1 − 1.5 / 29.1875 = 0.9486…
        Assert.Equal(1 - 1.5 / 29.1875, Scores.R2([3f, -0.5f, 2f, 7f], [2.5f, 0f, 2f, 8f]), 12);
        Assert.Equal(1.0, Scores.R2([1f, 1f], [1f, 1f]));
        Assert.Equal(0.0, Scores.R2([1f, 1f], [1f, 2f]));
        Assert.Equal(-3.0, Scores.R2([0f, 2f], [2f, 0f]));
        // Two outputs averaged uniformly: the first column is the example above, the second is worked out below.
        var y = Tensor.FromRows(new float[,] { { 3, 1 }, { -0.5f, 2 }, { 2, 3 }, { 7, 4 } });
        var p = Tensor.FromRows(new float[,] { { 2.5f, 1 }, { 0, 2 }, { 2, 3 }, { 8, 3 } });
        double second = 1 - 1.0 / 5.0; // mean 2.5, SS_tot = 2.25 + 0.25 + 0.25 + 2.25 = 5, SS_res = 1
        Assert.Equal(((1 - 1.5 / 29.1875) + second) / 2, Scores.R2(y, p), 12);
        Assert.Equal(2.5 / 8, Scores.MeanSquaredError(y, p), 12);
    }

    [Fact]
    public void ClassTargetsAreRecognized()
    {
        Assert.True(Scores.IsClassTarget(TestData.OneHot(1, 5, 3)));
        Assert.True(Scores.IsClassTarget(Tensor.FromArray([0f, 1f, 1f], 3, 1)));
        Assert.True(Scores.IsClassTarget(Tensor.FromArray([-1f, 1f, 1f], 3, 1)));
        Assert.False(Scores.IsClassTarget(Tensor.FromArray([0.5f, 1f, 0f], 3, 1)));       // regression
        Assert.False(Scores.IsClassTarget(TestData.Uniform(2, 0, 1, 4, 6)));             // pixels (autoencoder)
        Assert.False(Scores.IsClassTarget(Tensor.FromArray([1f, 1f, 0f, 0f], 2, 2)));    // two ones in a row
    }
}
