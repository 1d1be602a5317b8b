using DiyNet.Cluster;
using DiyNet.Training;
using Xunit;

namespace DiyNet.Tests.Cluster;

public class SweepSpecTests
{
    private static SweepSpec Yaml(string text) => SweepSpec.FromNode(SpecReader.FromYaml(text, "test.yaml"), "test");

    [Fact]
    public void GridsAreUnitedInOrderTheLastParameterVaryingFastest()
    {
        var sweep = Yaml("""
            name: demo
            train:
              model: Linear(64,{hidden}) ReLU Linear({hidden},10)
              epochs: 2
            grid:
              - { hidden: [8, 16], learningRate: [0.1, 0.01] }
              - { hidden: 4, learningRate: 0.5, loss: "MSELoss" }
            folds: 4
            """);
        Assert.Equal("demo", sweep.Name);
        Assert.Equal(4, sweep.Folds);
        Assert.Equal(5, sweep.Trials.Count);
        Assert.Equal("hidden=8, learningRate=0.1", sweep.Trials[0].ToString());
        Assert.Equal("hidden=8, learningRate=0.01", sweep.Trials[1].ToString());
        Assert.Equal("hidden=4, learningRate=0.5, loss=MSELoss", sweep.Trials[4].ToString());
        Assert.Equal(["hidden", "learningRate", "loss"], sweep.ParameterNames);
        var resolved = sweep.Train.Resolve(sweep.Trials[1]);
        Assert.Equal("Linear(64,8) ReLU Linear(8,10)", resolved.Model);
        Assert.Equal(0.01, resolved.LearningRate);
        Assert.Equal(2, resolved.Epochs);
        Assert.Equal("MSELoss", sweep.Train.Resolve(sweep.Trials[4]).Loss);
    }

    [Fact]
    public void RandomSearchIsSeeded()
    {
        const string text = """
            train: { model: "Linear(64,10)" }
            random:
              count: 6
              seed: 3
              space:
                learningRate: { logUniform: [0.001, 0.1] }
                batchSize: { choice: [16, 32, 64] }
                epochs: { intUniform: [2, 5] }
            """;
        var a = Yaml(text).Trials;
        var b = Yaml(text).Trials;
        Assert.Equal(6, a.Count);
        Assert.Equal(a.Select(t => t.ToString()), b.Select(t => t.ToString()));
        Assert.All(a, t =>
        {
            Assert.InRange(t.Get<double>("learningRate"), 0.001, 0.1);
            Assert.Contains(t.Get<int>("batchSize"), new[] { 16, 32, 64 });
            Assert.InRange(t.Get<int>("epochs"), 2, 5);
        });
        Assert.True(a.Select(t => t.Get<double>("learningRate")).Distinct().Count() > 1);
    }

    [Fact]
    public void ErrorsNameTheProblem()
    {
        var unknown = Assert.Throws<FormatException>(() => Yaml("train: { model: \"Linear(64,10)\" }\ngrids: { a: [1] }"));
        Assert.Contains("unknown field \"grids\"", unknown.Message);
        var sweep = Yaml("train: { model: \"Linear(64,{hidden})\" }\ngrid: { width: [3] }");
        var unused = Assert.Throws<FormatException>(() => sweep.Train.Resolve(sweep.Trials[0]));
        Assert.Contains("\"width\"", unused.Message);
        var layer = Assert.Throws<FormatException>(() => ModelText.Build("Linear(64,10) Relu", new Random(1)));
        Assert.Contains("unknown layer \"Relu\"", layer.Message);
        var args = Assert.Throws<FormatException>(() => ModelText.Build("Linear(64)", new Random(1)));
        Assert.Contains("Linear takes 2 arguments, got 1", args.Message);
        Assert.Throws<FormatException>(() => Yaml("train: { model: \"Linear(64,10)\" }"));
    }

    [Fact]
    public void RunSpecJsonKeepsTheDefaultsOfMissingFieldsAndRoundTrips()
    {
        // The compile-time JSON reader (Native AOT) must leave the documented defaults, not zeros, where a field is missing.
        var spec = TrainSpec.FromJson("""{ "model": "Linear(64,10)", "epochs": 3 }""");
        Assert.Equal(new TrainSpec { Model = "Linear(64,10)", Epochs = 3 }, spec);
        Assert.Equal(("CELogSoftmax", "digits", "sgd", 8, 32, 0.01, 1), (spec.Loss, spec.Data, spec.Optimizer, spec.ShardSize, spec.BatchSize, spec.LearningRate, spec.Seed));
        var full = new TrainSpec { Model = "Linear(64,8) TanH Linear(8,10)", Loss = "MSELoss", TestFraction = 0.25, LearningRate = 0.3, Momentum = 0.9, Optimizer = "nesterov", WeightDecay = 1e-4, ShardSize = 4, Seed = 9 };
        Assert.Equal(full, TrainSpec.FromJson(full.ToJson()));
        Assert.Contains("\"learningRate\": 0.3", full.ToJson());
        var unknown = Assert.Throws<FormatException>(() => TrainSpec.FromJson("""{ "model": "Linear(64,10)", "epoch": 3 }"""));
        Assert.Contains("epoch", unknown.Message);
        var wrongType = Assert.Throws<FormatException>(() => Yaml("train: { model: \"Linear(64,10)\" }\ngrid: { epochs: [2.5] }").Train.Resolve(Yaml("train: { model: \"Linear(64,10)\" }\ngrid: { epochs: [2.5] }").Trials[0]));
        Assert.Contains("epochs=2.5", wrongType.Message);
    }

    [Fact]
    public void ModelTextBuildsTheLayersItNames()
    {
        var net = ModelText.Build("Unflatten(8,8,1) Conv2D(3,1,4) ReLU MaxPool2D(2) Flatten Linear(36,10), LeakyReLU(0.1)", new Random(2));
        Assert.Equal(7, net.Children.Count);
        Assert.Equal((3 * 3 * 1 * 4 + 4) + (36 * 10 + 10), net.ParameterCount);
        Assert.Equal(ShardWorker.GetWeights(ModelText.Build("Linear(64,10)", new Random(5))), ShardWorker.GetWeights(ModelText.Build("Linear(64, 10)", new Random(5))));
    }
}
