using DiyNet.Kernels;
using Xunit;

namespace DiyNet.Tests.Kernels;

/// <summary>Per-channel bias kernels against scalar references for every channel count 1…70 and ragged row counts.</summary>
public class ChannelBiasTests
{
    [Fact]
    public void BroadcastAddAndSumsMatchScalarReferences()
    {
        for (int c = 1; c <= 70; c++)
            foreach (int rows in new[] { 0, 1, 2, 7, 16, 33 })
            {
                int seed = c * 100 + rows;
                var bias = TestData.Uniform(seed, -1, 1, c).Span.ToArray();
                var m = TestData.Uniform(seed + 1, -1, 1, rows * c).Span.ToArray();

                var broadcast = new float[rows * c];
                ChannelBias.Broadcast(bias, broadcast);
                for (int i = 0; i < broadcast.Length; i++)
                    Assert.True(broadcast[i] == bias[i % c], $"Broadcast c={c} rows={rows}: [{i}]");

                var added = (float[])m.Clone();
                ChannelBias.AddTo(bias, added);
                for (int i = 0; i < added.Length; i++)
                    Assert.True(added[i] == m[i] + bias[i % c], $"AddTo c={c} rows={rows}: [{i}]");

                var sums = Enumerable.Repeat(0.5f, c).ToArray();
                ChannelBias.AccumulateSums(m, sums);
                for (int j = 0; j < c; j++)
                {
                    double expected = 0.5;
                    for (int r = 0; r < rows; r++) expected += m[r * c + j];
                    Assert.True(Math.Abs(sums[j] - expected) < 1e-5, $"AccumulateSums c={c} rows={rows} (seed {seed}): [{j}] {sums[j]} vs {expected}");
                }
            }
    }

    [Fact]
    public void RaggedRowsAreRejected() =>
        Assert.Throws<ArgumentException>(() => ChannelBias.AccumulateSums(new float[10], new float[3]));
}
