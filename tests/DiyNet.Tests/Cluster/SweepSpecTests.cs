using DiyNet.Cluster;
using DiyNet.Modules;
using DiyNet.Serialization;
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
        // The model is read by the library's parser (that of diynet train --model), with its messages.
        var layer = Assert.Throws<SpecException>(() => new TrainSpec { Model = "Linear(64,10) Relu" }.BuildModel(new Random(1)));
        Assert.Equal("model spec, position 15: unknown module \"Relu\"; did you mean \"ReLU\"?", layer.Message);
        var args = Assert.ThrowsAny<FormatException>(() => new TrainSpec { Model = "Linear(64)" }.BuildModel(new Random(1)));
        Assert.StartsWith("Linear: required argument 'outputDim'", args.Message);
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
    public void TheModelIsBuiltByTheLibraryParserWithTheWeightsOfTheConstructorsGivenTheSameGenerator()
    {
        var net = new TrainSpec { Model = "Unflatten(8,8,1) Conv2D(3,1,4) ReLU MaxPool2D(2) Flatten Linear(36,10) LeakyReLU(0.1)" }.BuildModel(new Random(2));
        Assert.Equal(7, net.Children.Count);
        Assert.Equal((3 * 3 * 1 * 4 + 4) + (36 * 10 + 10), net.ParameterCount);
        // Every initial value comes from the given generator, in module order, as when each constructor is given it:
        // sweeps and data-parallel runs draw the weights they drew before the cluster used the library's parser.
        var r = new Random(2);
        var byHand = new Sequential(new Unflatten(8, 8, 1), new Conv2D(3, 1, 4, random: r), new ReLU(), new MaxPool2D(2), new Flatten(),
            new Linear(36, 10, random: r), new LeakyReLU(0.1f));
        Assert.Equal(ShardWorker.GetWeights(byHand), ShardWorker.GetWeights(net));
        Assert.Equal(0.1f, ((LeakyReLU)net.Children[6]).NegativeSlope);
        Assert.Equal(ShardWorker.GetWeights(new TrainSpec { Model = "Linear(64,10)" }.BuildModel(new Random(5))),
            ShardWorker.GetWeights(new TrainSpec { Model = "Linear(64, 10)" }.BuildModel(new Random(5))));
        // The same spec and seed give the same weights whichever thread builds, and however many build at once.
        var parallel = Enumerable.Range(0, 8).AsParallel().Select(_ => ShardWorker.GetWeights(new TrainSpec { Model = "Linear(64,32) ReLU Linear(32,10)" }.BuildModel(new Random(9)))).ToList();
        Assert.All(parallel, w => Assert.Equal(parallel[0], w));
    }
}
