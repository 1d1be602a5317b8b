using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet.Training;
using DiyNet.Optimization;
using Xunit;

namespace DiyNet.Tests.Training;

public class DataParallelTrainerTests
{
    private static Sequential Mlp(int seed)
    {
        var random = new Random(seed);
        return new Sequential(new Linear(64, 32, random: random), new ReLU(), new Linear(32, 10, random: random));
    }

    private static float[] TrainWith(int workers, int shardSize, string rule = "sgd")
    {
        var digits = EmbeddedData.Digits().Scaled(1f / 16).Take(300);
        var net = Mlp(3);
        var local = new LocalShardWorkers(workers, () => Mlp(99), () => new CELogSoftmax(), digits.X, digits.OneHot());
        var options = new DataParallelOptions { BatchSize = 50, ShardSize = shardSize, Epochs = 3, LearningRate = rule == "adam" ? 1e-3f : 0.1f, Rule = rule switch { "adam" => UpdateRules.Adam(), "momentum" => UpdateRules.Momentum(0.9f), _ => UpdateRules.Sgd() }, Seed = 5 };
        var run = DataParallelTrainer.Train(net, new CELogSoftmax(), digits.Count, options, local).GetAwaiter().GetResult();
        Assert.Equal(3 * 6, run.Stats.Steps);
        Assert.True(run.History.Epochs[^1].TrainLoss < run.History.Epochs[0].TrainLoss, "the loss should fall");
        return ShardWorker.GetWeights(net);
    }

    [Theory]
    [InlineData(2, "sgd")]
    [InlineData(3, "momentum")]
    [InlineData(7, "adam")]
    public void WeightsAreBitIdenticalForAnyNumberOfWorkers(int workers, string rule)
    {
        float[] one = TrainWith(1, 8, rule);
        float[] many = TrainWith(workers, 8, rule);
        Assert.Equal(one.Length, many.Length);
        for (int i = 0; i < one.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(one[i]) == BitConverter.SingleToInt32Bits(many[i]), $"weight {i}: {one[i]:R} with 1 worker, {many[i]:R} with {workers}");
    }

    [Fact]
    public void TheShardSizeChangesTheSummationOrderNotTheResultBeyondRounding()
    {
        float[] a = TrainWith(2, 5), b = TrainWith(2, 50);
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) < 1e-4f, $"weight {i}: {a[i]} vs {b[i]}");
    }

    [Fact]
    public void MatchesPlainSgdToRounding()
    {
        var digits = EmbeddedData.Digits().Scaled(1f / 16).Take(300);
        var reference = Mlp(3);
        Trainer.Train(reference, new CELogSoftmax(), digits.X, digits.OneHot(), new TrainingOptions { BatchSize = 50, Epochs = 3, LearningRate = 0.1f, Seed = 5 });
        float[] expected = ShardWorker.GetWeights(reference), actual = TrainWith(2, 8);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-4f, $"weight {i}: Sgd {expected[i]}, data-parallel {actual[i]}");
    }

    [Fact]
    public void DropoutAndBatchNormalizationAreRefusedByName()
    {
        var digits = EmbeddedData.Digits().Scaled(1f / 16).Take(100);
        var options = new DataParallelOptions { BatchSize = 20, ShardSize = 10, Epochs = 1, LearningRate = 0.1f, Rule = UpdateRules.Sgd(), Seed = 5 };
        string Refusal(Func<Sequential> build)
        {
            var local = new LocalShardWorkers(2, build, () => new CELogSoftmax(), digits.X, digits.OneHot());
            return Assert.Throws<ArgumentException>(() => DataParallelTrainer.Train(build(), new CELogSoftmax(), digits.Count, options, local).GetAwaiter().GetResult()).Message;
        }
        Assert.StartsWith("DataParallelTrainer: module 1 of the network draws random masks (dropout)",
            Refusal(() => new Sequential(new Linear(64, 16, random: new Random(1)), new Dropout(0.2f, new Random(2)), new Linear(16, 10, random: new Random(3)))));
        Assert.StartsWith("DataParallelTrainer: the network's BatchNorm1D keeps running statistics",
            Refusal(() => new Sequential(new Linear(64, 16, random: new Random(1)), new BatchNorm1D(16), new Linear(16, 10, random: new Random(3)))));
    }

    [Fact]
    public void CoverSplitsABlockIntoTreeNodes()
    {
        var plan = new ShardPlan(64, 8);
        Assert.Equal([new ShardRange(0, 8)], plan.Cover(new ShardRange(0, 8)));
        Assert.Equal([new ShardRange(4, 8)], plan.Cover(plan.WorkerShards(1, 2)));
        Assert.Equal([new ShardRange(2, 4), new ShardRange(4, 5)], plan.Cover(new ShardRange(2, 5)));
        Assert.Equal((56, 8), plan.Shard(7));
        Assert.Equal((48, 2), new ShardPlan(50, 8).Shard(6));
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.Cover(new ShardRange(3, 3)));
    }
}
