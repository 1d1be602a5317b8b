using DiyNet.Cli.Bench;
using Xunit;

namespace DiyNet.Tests.Cli.Bench;

/// <summary>
/// The bench's FLOP model against the anchors' counts: the figures below are the <c>flops_per_example</c> that
/// PyTorch 1.13 (bench/anchors/torch_anchor.py) and LibTorch 2.10 (bench/anchors/torchsharp) report for the same
/// workloads, so that GFLOP/s columns of the side-by-side table compare the same work.
/// </summary>
public class BenchFlopsTests
{
    [Theory]
    [InlineData("a", 3L * 2 * (784 * 256 + 256 * 128 + 128 * 10) - 2 * 784 * 256)]
    [InlineData("h64", 2L * (784 * 256 + 256 * 128 + 128 * 10))]
    [InlineData("k", 45_147_648L)]   // batch normalization and dropout are not counted, and one example passes in evaluation mode
    public void FlopsPerExampleMatchTheAnchors(string id, long expected)
    {
        var workload = BenchWorkloads.Select(id).Single();
        var net = workload.Build();
        var (x, _) = BenchRunner.SyntheticData(workload with { Examples = 2 });
        Assert.Equal(expected, BenchRunner.FlopsPerExample(net, x, workload.Kind));
        Assert.True(net.IsTraining, $"workload {id}: counting the FLOPs must leave the network in training mode");
    }
}
