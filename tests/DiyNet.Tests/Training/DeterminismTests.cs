using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Training;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Training;

[Trait(TestGroup.Name, TestGroup.Determinism)]
public class DeterminismTests
{
    private static float[] TrainOnce(int seed)
    {
        var x = TestData.Uniform(seed, -1, 1, 200, 8);
        var y = TestData.OneHot(seed + 1, 200, 3);
        var net = new Sequential(new Linear(8, 16, random: new Random(seed)), new TanH(), new Linear(16, 3, random: new Random(seed + 2)));
        Trainer.Train(net, new CELogSoftmax(), x, y, new TrainingOptions { BatchSize = 16, Epochs = 5, LearningRate = 0.1f, Seed = seed });
        return net.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
    }

    [Fact]
    public void SameSeedGivesBitIdenticalWeights()
    {
        const int seed = 7;
        var a = TrainOnce(seed);
        var b = TrainOnce(seed);
        Assert.True(a.AsSpan().SequenceEqual(b), $"seed {seed}: weights differ between two identical runs");
        Assert.False(a.AsSpan().SequenceEqual(TrainOnce(seed + 10)), "different seeds should give different weights");
    }

    [Fact]
    public void DivergingRunStopsWithoutWritingNaN()
    {
        var x = TestData.Uniform(1, -1, 1, 64, 4);
        var y = TestData.Uniform(2, -1, 1, 64, 1);
        var net = new Sequential(new Linear(4, 32, random: new Random(1)), new Linear(32, 1, random: new Random(2)));
        var e = Assert.Throws<TrainingDivergedException>(() =>
            Trainer.Train(net, new MSELoss(), x, y, new TrainingOptions { BatchSize = 64, Epochs = 200, LearningRate = 10f }));
        Assert.Contains("left unchanged", e.Message);
        foreach (var p in net.Parameters)
            foreach (float v in p.Value.Span) Assert.True(float.IsFinite(v), $"{p} holds {v}");
    }
}
