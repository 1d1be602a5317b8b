using DiyNet.Cli.Bench;
using Xunit;

namespace DiyNet.Tests.Cli.Bench;

public class LayerProfileTests
{
    [Fact]
    public void EveryLayerOfATrainingStepIsTimedWithItsMultiplyAdds()
    {
        var workload = BenchWorkloads.Select("e").Single();
        var profile = LayerProfile.Run(workload with { Examples = 96 }, steps: 3);

        // USPS CNN: 10 layers, then the loss and the update.
        Assert.Equal(12, profile.Rows.Count);
        Assert.StartsWith("[0] Conv2D", profile.Rows[0].Name);
        Assert.StartsWith("loss CELogSoftmax", profile.Rows[10].Name);
        Assert.StartsWith("update", profile.Rows[11].Name);
        Assert.All(profile.Rows, r => Assert.True(r.ForwardSeconds > 0 && r.WeightGradientSeconds >= 0 && r.InputGradientSeconds >= 0, r.Name));
        Assert.Equal(0, profile.Rows[0].InputGradientSeconds);   // the first layer's input gradient is never computed
        Assert.True(profile.Rows[3].InputGradientSeconds > 0);

        // The multiply-adds of the bench's FLOP model, per batch of 32: Conv 3×3 16→32 on 5×5 outputs, Linear 128→100.
        Assert.Equal(2L * 3 * 3 * 16 * 32 * 5 * 5 * 32, profile.Rows[3].ForwardFlops);
        Assert.Equal(2L * 128 * 100 * 32, profile.Rows[7].ForwardFlops);
        Assert.Equal(0, profile.Rows[1].ForwardFlops);          // ReLU
        long perExample = BenchRunner.FlopsPerExample(workload.Build(), BenchRunner.SyntheticData(workload with { Examples = 1 }).X, workload.Kind);
        Assert.Equal(perExample * workload.BatchSize, profile.Rows.Sum(r => r.Flops));
        Assert.True(profile.FusedStepSeconds > 0);
    }

    [Fact]
    public void AnInferenceWorkloadIsProfiledForwardOnlyInEvaluationMode()
    {
        var workload = BenchWorkloads.Select("j").Single() with { Examples = 16, BatchSize = 8 };
        var profile = LayerProfile.Run(workload, steps: 2);

        // CIFAR-size CNN: 4 × (Conv2D, ReLU), 2 MaxPool2D, Flatten, Linear, ReLU, Linear.
        Assert.Equal(14, profile.Rows.Count);
        Assert.StartsWith("[0] Conv2D", profile.Rows[0].Name);
        Assert.All(profile.Rows, r => Assert.True(r.ForwardSeconds >= 0 && r.WeightGradientSeconds == 0 && r.InputGradientSeconds == 0, r.Name));
        Assert.True(profile.Rows[0].ForwardSeconds > 0);
        // Conv 3×3 3→32 on 32×32 outputs, batch 8; an inference step counts the forward multiply-adds only.
        Assert.Equal(2L * 3 * 3 * 3 * 32 * 32 * 32 * 8, profile.Rows[0].Flops);
        long perExample = BenchRunner.FlopsPerExample(workload.Build(), BenchRunner.SyntheticData(workload with { Examples = 1 }).X, workload.Kind);
        Assert.Equal(perExample * workload.BatchSize, profile.Rows.Sum(r => r.Flops));
        Assert.True(profile.FusedStepSeconds > 0);
    }
}
