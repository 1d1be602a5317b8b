using DiyNet.Cluster;
using DiyNet.Tests.Packaging;
using Xunit;

namespace DiyNet.Tests.Cluster;

/// <summary>The sweep files under examples/ read, and every trial resolves to a run spec whose network builds.</summary>
public class ExampleSweepTests
{
    [Fact]
    public void TheReport002SweepHoldsTheSixStudiesAndTheGridSearch()
    {
        var sweep = SweepSpec.Load(RepositoryFiles.Path("examples/sweeps/report-002.yaml"));
        Assert.Equal("report-002", sweep.Name);
        Assert.Equal(30, sweep.Trials.Count);
        Assert.Equal(["model", "loss", "learningRate", "batchSize", "epochs"], sweep.ParameterNames);
        foreach (var trial in sweep.Trials)
        {
            var spec = sweep.Train.Resolve(trial);
            var net = spec.BuildModel(new Random(1));
            Assert.True(net.Forward(new global::DiyNet.Tensors.Tensor(5, 64)).HasShape(5, 10), $"{trial}: the network does not map (5, 64) to (5, 10)");
            _ = spec.BuildLoss();
        }
        Assert.Equal("Linear(64,1000) ReLU Linear(1000,10)", sweep.Train.Resolve(sweep.Trials[7]).Model);
        Assert.Equal((0.1, 64, 40), sweep.Train.Resolve(sweep.Trials[^1]) is var last ? (last.LearningRate, last.BatchSize, last.Epochs) : default);
    }
}
