using DiyNet.Kernels;
using Xunit;

namespace DiyNet.Tests.Kernels;

public class ReluBackwardTests
{
    [Fact]
    public void MatchesTheScalarRuleForEveryLength()
    {
        for (int n = 0; n <= 70; n++)
        {
            var x = TestData.Uniform(n, -1, 1, n).Span.ToArray();
            if (n > 3) { x[1] = 0f; x[2] = float.NaN; x[3] = -0f; }
            var d = TestData.Uniform(n + 100, -1, 1, n).Span.ToArray();
            var g = new float[n];
            ReluBackward.Apply(x, d, g);
            for (int i = 0; i < n; i++)
                Assert.True(g[i] == (x[i] > 0f ? d[i] : 0f), $"n={n} (seed {n}): [{i}] x={x[i]} δ={d[i]} → {g[i]}");
        }
    }
}
