using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet;
using DiyNet.Kernels;
using Xunit;

namespace DiyNet.Tests.Kernels;

/// <summary>The chunked kernels against the im2col + Gemm path, module by module (forward, ∂W, ∂b, ∂x), over
/// geometries that cross chunk and image boundaries.</summary>
public class ConvolutionKernelsTests
{
    // (N, H, W, C, k, Cout, stride, padding)
    public static TheoryData<int, int, int, int, int, int, int, int> Configs => new()
    {
        { 64, 28, 28, 1, 5, 6, 1, 2 },
        { 9, 14, 14, 6, 5, 16, 1, 0 },
        { 5, 16, 16, 1, 3, 16, 1, 0 },
        { 7, 7, 7, 16, 3, 32, 1, 0 },
        { 3, 9, 8, 3, 3, 20, 2, 1 },
        { 2, 5, 6, 2, 1, 7, 1, 0 },
        { 3, 7, 8, 3, 2, 40, 3, 1 },
        { 2, 6, 6, 64, 3, 9, 1, 1 },
        { 2, 4, 4, 2, 4, 3, 1, 0 },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void ChunkedPathMatchesTheGemmPath(int n, int h, int w, int c, int k, int co, int s, int p)
    {
        if (!ConvolutionKernels.IsSupported) return;
        int seed = n * 1000 + h * 100 + c * 10 + co;
        var chunked = new Conv2D(k, c, co, s, p, random: new Random(seed));
        var reference = new Conv2D(k, c, co, s, p, random: new Random(seed)) { ForceGemmPath = true };
        // Two rounds, so that nothing one pass leaves in the scratch can change the next.
        for (int round = 0; round < 2; round++)
        {
            var x = TestData.Uniform(seed + round, -1, 1, n, h, w, c);
            var y1 = chunked.Forward(x);
            var y2 = reference.Forward(x);
            Assert.True(y1.SameShape(y2));
            AssertClose("output", y1, y2, seed);
            var delta = TestData.Uniform(seed + 10 + round, -1, 1, y1.Shape.ToArray());
            chunked.ZeroGrad();
            reference.ZeroGrad();
            AssertClose("grad input", chunked.Backward(x, delta), reference.Backward(x, delta), seed);
            // Weight and bias gradients are sums over N·OH·OW terms (50176 for the first case) in float32, in
            // different orders on the two paths.
            AssertClose("grad weight", chunked.Weight.Gradient, reference.Weight.Gradient, seed, 1e-3f);
            AssertClose("grad bias", chunked.Bias!.Gradient, reference.Bias!.Gradient, seed, 1e-3f);
        }
    }

    // (N, H, W, Cin, k, Cout, stride, padding, outputPadding)
    public static TheoryData<int, int, int, int, int, int, int, int, int> TransposeConfigs => new()
    {
        { 2, 3, 4, 2, 3, 3, 2, 1, 1 },
        { 3, 7, 7, 16, 3, 1, 2, 1, 1 },
        { 2, 4, 4, 8, 4, 6, 2, 1, 0 },
        { 2, 2, 3, 3, 2, 2, 3, 0, 2 },
        { 2, 5, 5, 4, 1, 3, 1, 0, 0 },
        { 4, 14, 14, 32, 5, 16, 1, 2, 0 },
    };

    [Theory]
    [MemberData(nameof(TransposeConfigs))]
    public void TransposedChunkedPathMatchesTheGemmPath(int n, int h, int w, int c, int k, int co, int s, int p, int op)
    {
        if (!ConvolutionKernels.IsSupported) return;
        int seed = n * 1000 + h * 100 + c * 10 + co;
        var chunked = new ConvTranspose2D(k, c, co, s, p, op, random: new Random(seed));
        var reference = new ConvTranspose2D(k, c, co, s, p, op, random: new Random(seed)) { ForceGemmPath = true };
        var x = TestData.Uniform(seed, -1, 1, n, h, w, c);
        var y1 = chunked.Forward(x);
        AssertClose("output", y1, reference.Forward(x), seed);
        var delta = TestData.Uniform(seed + 1, -1, 1, y1.Shape.ToArray());
        AssertClose("grad input", chunked.Backward(x, delta), reference.Backward(x, delta), seed);
        AssertClose("grad weight", chunked.Weight.Gradient, reference.Weight.Gradient, seed, 1e-3f);
        AssertClose("grad bias", chunked.Bias!.Gradient, reference.Bias!.Gradient, seed, 1e-3f);
    }

    [Fact]
    public void Conv1DChunkedPathMatchesTheGemmPath()
    {
        if (!ConvolutionKernels.IsSupported) return;
        var chunked = new Conv1D(3, 1, 32, random: new Random(7));
        var reference = new Conv1D(3, 1, 32, random: new Random(7)) { ForceGemmPath = true };
        var x = TestData.Uniform(7, 0, 1, 32, 256, 1);
        AssertClose("output", chunked.Forward(x), reference.Forward(x), 7);
        var delta = TestData.Uniform(8, -1, 1, 32, 254, 32);
        chunked.BackwardUpdateGradient(x, delta);
        reference.BackwardUpdateGradient(x, delta);
        AssertClose("grad weight", chunked.Weight.Gradient, reference.Weight.Gradient, 7, 1e-3f);
    }

    private static void AssertClose(string what, Tensor actual, Tensor expected, int seed, float tolerance = 1e-4f)
    {
        Assert.True(actual.SameShape(expected), $"{what}: {actual.ShapeString} vs {expected.ShapeString}");
        var a = actual.Span;
        var e = expected.Span;
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - e[i]) <= tolerance * Math.Max(1f, Math.Abs(e[i])), $"{what} (seed {seed}): [{i}] {a[i]} vs {e[i]}");
    }
}
