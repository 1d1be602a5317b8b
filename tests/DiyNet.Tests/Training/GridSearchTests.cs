using DiyNet.Metrics;
using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet.Training;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Training;

public class GridSearchTests
{
    // Three well separated Gaussian blobs in the plane, 50 points each.
    private static (Tensor X, Tensor Y) Blobs(int seed)
    {
        var random = new Random(seed);
        float[,] centers = { { -2f, 0f }, { 2f, 0f }, { 0f, 2.5f } };
        var x = new Tensor(150, 2);
        var labels = new int[150];
        for (int i = 0; i < 150; i++)
        {
            int c = i % 3;
            labels[i] = c;
            x[i, 0] = centers[c, 0] + 0.4f * random.NextGaussian();
            x[i, 1] = centers[c, 1] + 0.4f * random.NextGaussian();
        }
        return (x, Preparation.OneHot(labels, 3));
    }

    private static GridSearchModel Classifier(ParameterSet p, Random random)
    {
        int hidden = p.Get<int>("hidden");
        var net = new Sequential(new Linear(2, hidden, random: random), new TanH(), new Linear(hidden, 3, random: random));
        return new GridSearchModel(net, new CELogSoftmax(), new TrainingOptions { LearningRate = p.Get<float>("learningRate"), BatchSize = 16, Epochs = 15 });
    }

    private static ParameterGrid Grid() => new() { { "learningRate", 1e-4, 0.3 }, { "hidden", 2, 8 } };

    [Fact]
    public void PicksTheObviouslyBestLearningRate()
    {
        const int seed = 4;
        var (x, y) = Blobs(seed);
        var result = GridSearch.Run(Classifier, Grid(), x, y, Scores.Accuracy, cv: 3, seed: seed);
        Assert.Equal(4, result.Rows.Count);
        Assert.Equal([1, 2, 3, 4], result.Rows.Select(r => r.Rank));
        Assert.All(result.Rows.Take(2), r => Assert.Equal(0.3, r.Parameters.Get<double>("learningRate")));
        Assert.True(result.Best.Mean >= 0.95, $"seed {seed}: best accuracy {result.Best.Mean}\n{result}");
        Assert.True(result.Rows[3].Mean < result.Best.Mean - 0.2, $"seed {seed}: the tiny step should lag behind\n{result}");
        Assert.All(result.Rows, r => Assert.Equal(r.FoldScores.Average(), r.Mean, 12));
        Assert.Null(result.Best.TrainLoss);
    }

    [Fact]
    public void SameSeedGivesTheSameTableWhateverTheParallelism()
    {
        const int seed = 21;
        var (x, y) = Blobs(seed);
        GridSearchResult Run(int parallelism, int s) => GridSearch.Run(Classifier, Grid(), x, y, Scores.Accuracy, cv: 3, seed: s,
            new GridSearchOptions { MaxDegreeOfParallelism = parallelism, RecordCurves = true });
        var serial = Run(1, seed);
        var parallel = Run(4, seed);
        Assert.Equal(serial.ToMarkdown(12), parallel.ToMarkdown(12));
        for (int i = 0; i < serial.Rows.Count; i++)
        {
            Assert.Equal(serial.Rows[i].FoldScores, parallel.Rows[i].FoldScores);
            Assert.Equal(3, serial.Rows[i].TrainLoss!.Count);
            for (int f = 0; f < 3; f++)
            {
                Assert.Equal(15, serial.Rows[i].TrainLoss![f].Length);
                Assert.Equal(serial.Rows[i].TrainLoss![f], parallel.Rows[i].TrainLoss![f]);
                Assert.Equal(serial.Rows[i].ValidationLoss![f], parallel.Rows[i].ValidationLoss![f]);
            }
        }
        var other = Run(4, seed + 1);
        Assert.NotEqual(serial.Rows.SelectMany(r => r.FoldScores), other.Rows.SelectMany(r => r.FoldScores));
    }

    [Fact]
    public void DivergingCombinationIsRankedLastAndExplained()
    {
        var random = new Random(3);
        var x = new Tensor(90, 3);
        random.FillUniform(x.Span, -1f, 1f);
        var y = new Tensor(90, 1);
        for (int i = 0; i < 90; i++) y[i, 0] = 2f * x[i, 0] - x[i, 1] + 0.5f * x[i, 2];
        var grid = new ParameterGrid { { "learningRate", 50f, 0.1f } };
        GridSearchModel Factory(ParameterSet p, Random r) =>
            new(new Linear(3, 1, random: r), new MSELoss(), new TrainingOptions { LearningRate = p.Get<float>("learningRate"), BatchSize = 10, Epochs = 40 });

        var result = GridSearch.Run(Factory, grid, x, y, Scores.R2, cv: 3, seed: 3);

        Assert.Equal(0.1f, result.Best.Parameters.Get<float>("learningRate"));
        Assert.True(result.Best.Mean > 0.99, result.ToString());
        var failed = result.Rows[1];
        Assert.True(double.IsNaN(failed.Mean));
        Assert.StartsWith("fold 1 diverged: ", failed.Failure);
        string table = result.ToMarkdown();
        Assert.StartsWith("| rank | learningRate | R2 (mean ± std) | fold 1 | fold 2 | fold 3 | note |\n| --- | --- | ---: | ---: | ---: | ---: | --- |\n| 1 | 0.1 | ", table);
        Assert.Contains("| 2 | 50 | failed | — | — | — | fold 1 diverged: ", table);

        var byError = GridSearch.Run(Factory, new ParameterGrid { { "learningRate", 0.001f, 0.1f } }, x, y, Scores.MeanSquaredError, seed: 3,
            options: new GridSearchOptions { Maximize = false, MetricName = "MSE" });
        Assert.Equal(0.1f, byError.Best.Parameters.Get<float>("learningRate"));
        Assert.True(byError.Rows[0].Mean < byError.Rows[1].Mean);
        Assert.StartsWith("| rank | learningRate | MSE (mean ± std) |", byError.ToMarkdown());
    }

    [Fact]
    public void GridEnumeratesLikeNestedLoops()
    {
        var grid = new ParameterGrid { { "a", 1, 2 }, { "b", "x", "y", "z" } };
        Assert.Equal(6, grid.Count);
        Assert.Equal(["a=1, b=x", "a=1, b=y", "a=1, b=z", "a=2, b=x", "a=2, b=y", "a=2, b=z"], grid.Combinations().Select(c => c.ToString()));
        Assert.Equal("ParameterGrid: \"a\" is already in the grid. (Parameter 'name')", Assert.Throws<ArgumentException>(() => grid.Add("a", 3)).Message);
        Assert.Equal("ParameterGrid: \"c\" has no value to try. (Parameter 'values')", Assert.Throws<ArgumentException>(() => grid.Add("c")).Message);
    }

    [Fact]
    public void ParameterSetConvertsNumbersAndNamesWhatIsMissing()
    {
        var p = new ParameterSet([new("lr", 0.5), new("hidden", 16), new("layers", new[] { 64, 32 })]);
        Assert.Equal(0.5f, p.Get<float>("lr"));
        Assert.Equal(16L, p.Get<long>("hidden"));
        Assert.Equal(16.0, p.Get<double>("hidden"));
        Assert.Equal("lr=0.5, hidden=16, layers=[64, 32]", p.ToString());
        Assert.Equal("ParameterSet: no parameter \"epochs\" (have: lr, hidden, layers).", Assert.Throws<KeyNotFoundException>(() => p.Get<int>("epochs")).Message);
        Assert.Equal("ParameterSet: \"lr\" is 0.5 (Double), not a Int32.", Assert.Throws<InvalidCastException>(() => p.Get<int>("lr")).Message);
    }

    [Fact]
    public void BadArgumentsAreReported()
    {
        var (x, y) = Blobs(1);
        Assert.StartsWith("GridSearch: cv must be in 2..150 (the number of examples), got 1.",
            Assert.Throws<ArgumentException>(() => GridSearch.Run(Classifier, Grid(), x, y, Scores.Accuracy, cv: 1)).Message);
        Assert.Equal("GridSearch: x has 150 examples, y has 10.",
            Assert.Throws<ArgumentException>(() => GridSearch.Run(Classifier, Grid(), x, new Tensor(10, 3), Scores.Accuracy)).Message);
    }
}
