using DiyNet.Kernels;
using Xunit;

namespace DiyNet.Tests.Kernels;

/// <summary>The hand-written elementwise kernels against scalar formulas, for every length 0…256 (every vector tail).</summary>
public class ElementwiseTests
{
    public static TheoryData<string> Kernels => new(Cases.Keys);

    private static readonly Dictionary<string, (Action<float[], float[], float[]> Kernel, Func<float, float, float> Scalar)> Cases = new()
    {
        ["ReluGradient"] = ((x, d, g) => Elementwise.ReluGradient(x, d, g), (x, d) => x > 0f ? d : 0f),
        ["TanhGradient"] = ((y, d, g) => Elementwise.TanhGradient(y, d, g), (y, d) => d * MathF.FusedMultiplyAdd(-y, y, 1f)),
        ["SigmoidGradient"] = ((y, d, g) => Elementwise.SigmoidGradient(y, d, g), (y, d) => d * y * (1f - y)),
    };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void EveryLengthMatchesTheScalarFormulaExactly(string name)
    {
        var (kernel, scalar) = Cases[name];
        for (int n = 0; n <= 256; n++)
        {
            int seed = 100 + n;
            var r = new Random(seed);
            float[] x = new float[n], d = new float[n], g = new float[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = (float)(2 * r.NextDouble() - 1);
                d[i] = (float)(2 * r.NextDouble() - 1);
            }
            if (n > 3) x[3] = 0f;   // the kink of ReLU: gradient 0, as PyTorch
            kernel(x, d, g);
            for (int i = 0; i < n; i++)
                Assert.True(BitConverter.SingleToInt32Bits(scalar(x[i], d[i])) == BitConverter.SingleToInt32Bits(g[i]),
                    $"{name}, length {n} (seed {seed}): element {i} is {g[i]:R}, expected {scalar(x[i], d[i]):R}");
        }
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Elementwise.ReluGradient(new float[3], new float[4], new float[3]));
        Assert.Contains("3, 4", e.Message);
    }

    [Fact]
    public void DropoutMaskZeroesTheDrawsBelowPAndScalesTheOthersAtEveryLength()
    {
        for (int n = 0; n <= 70; n++)
        {
            var random = new Random(500 + n);
            float[] u = [.. Enumerable.Range(0, n).Select(_ => random.NextSingle())];
            if (n > 3) u[3] = 0.3f;   // a draw equal to p is kept, as `u < p` says
            float[] mask = (float[])u.Clone();
            Elementwise.DropoutMask(mask, 0.3f, 1f / 0.7f);
            for (int i = 0; i < n; i++)
                Assert.True(mask[i] == (u[i] < 0.3f ? 0f : 1f / 0.7f), $"length {n}, seed {500 + n}: draw {u[i]:R} gave {mask[i]:R}");
        }
    }
}
