using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Modules;

/// <summary>Forward passes against loop-by-definition references, and configuration, initialization and errors.</summary>
public class ConvolutionTests
{
    // (N, H, W, C, k, Cout, stride, padding): odd, non-square, strides above and below the kernel, padding up to k − 1.
    public static TheoryData<int, int, int, int, int, int, int, int> Conv2DConfigs => new()
    {
        { 2, 5, 6, 2, 3, 3, 1, 0 },
        { 2, 7, 6, 3, 3, 4, 2, 1 },
        { 1, 9, 8, 1, 5, 6, 1, 2 },
        { 3, 7, 8, 3, 2, 2, 3, 1 },
        { 2, 4, 4, 2, 4, 3, 1, 0 },
        { 2, 3, 4, 3, 1, 5, 1, 0 },
        { 2, 6, 7, 2, 1, 2, 2, 0 },
        { 1, 3, 3, 2, 3, 2, 1, 2 },
        { 2, 28, 28, 1, 5, 6, 1, 2 },
        { 2, 16, 16, 16, 3, 32, 1, 0 },
    };

    [Theory]
    [MemberData(nameof(Conv2DConfigs))]
    public void Conv2DMatchesTheDefinition(int n, int h, int w, int c, int k, int co, int s, int p)
    {
        int seed = n * 1000 + h * 100 + k * 10 + s;
        var conv = new Conv2D(k, c, co, s, p, random: new Random(seed));
        var x = TestData.Uniform(seed, -1, 1, n, h, w, c);
        var y = conv.Forward(x);
        var expected = ConvReference.Conv2D(x.Span.ToArray(), n, h, w, c, conv.Weight.Value.Span.ToArray(),
            conv.Bias!.Value.Span.ToArray(), k, co, s, p, out int oh, out int ow);
        Assert.True(y.HasShape(n, oh, ow, co), $"seed {seed}: shape {y.ShapeString}, expected ({n}, {oh}, {ow}, {co})");
        double error = ConvReference.MaxError(y.Span, expected);
        Assert.True(error < 1e-5, $"seed {seed}: max error {error}");
    }

    [Theory]
    [InlineData(2, 11, 1, 3, 4, 1, 0)]
    [InlineData(2, 9, 3, 4, 2, 2, 1)]
    [InlineData(3, 256, 1, 3, 32, 1, 0)]
    public void Conv1DIsConv2DOnImagesOfHeightOne(int n, int length, int c, int k, int co, int s, int p)
    {
        int seed = length + k;
        var conv = new Conv1D(k, c, co, s, p, random: new Random(seed));
        var x = TestData.Uniform(seed, -1, 1, n, length, c);
        var y = conv.Forward(x);
        // A 1-D kernel (k, c, co) is the 2-D kernel (1, k, c, co): compare with the definition, padding only along the length.
        var expected = new double[n * ((length + 2 * p - k) / s + 1) * co];
        int ol = (length + 2 * p - k) / s + 1;
        for (int i = 0; i < n; i++)
            for (int o = 0; o < ol; o++)
                for (int j = 0; j < co; j++)
                {
                    double sum = conv.Bias!.Value[j];
                    for (int t = 0; t < k; t++)
                    {
                        int at = o * s - p + t;
                        if (at < 0 || at >= length) continue;
                        for (int ci = 0; ci < c; ci++) sum += (double)x[i, at, ci] * conv.Weight.Value[t, ci, j];
                    }
                    expected[(i * ol + o) * co + j] = sum;
                }
        Assert.True(y.HasShape(n, ol, co), $"shape {y.ShapeString}");
        Assert.True(ConvReference.MaxError(y.Span, expected) < 1e-5, $"seed {seed}");
    }

    // (N, H, W, Cin, k, Cout, stride, padding, outputPadding)
    public static TheoryData<int, int, int, int, int, int, int, int, int> TransposeConfigs => new()
    {
        { 2, 3, 4, 2, 3, 3, 2, 1, 1 },
        { 2, 3, 3, 2, 4, 2, 2, 1, 0 },
        { 1, 2, 3, 3, 2, 2, 3, 0, 2 },
        { 2, 2, 3, 3, 1, 2, 1, 0, 0 },
        { 2, 7, 7, 8, 3, 1, 2, 1, 1 },
        { 1, 4, 5, 2, 5, 3, 1, 2, 0 },
    };

    [Theory]
    [MemberData(nameof(TransposeConfigs))]
    public void ConvTranspose2DMatchesTheScatterDefinition(int n, int h, int w, int c, int k, int co, int s, int p, int op)
    {
        int seed = h * 100 + k * 10 + s;
        var deconv = new ConvTranspose2D(k, c, co, s, p, op, random: new Random(seed));
        var x = TestData.Uniform(seed, -1, 1, n, h, w, c);
        var y = deconv.Forward(x);
        var expected = ConvReference.ConvTranspose2D(x.Span.ToArray(), n, h, w, c, deconv.Weight.Value.Span.ToArray(),
            deconv.Bias!.Value.Span.ToArray(), k, co, s, p, op, out int oh, out int ow);
        Assert.True(y.HasShape(n, oh, ow, co), $"seed {seed}: shape {y.ShapeString}, expected ({n}, {oh}, {ow}, {co})");
        Assert.Equal(oh, deconv.OutputSize(h));
        double error = ConvReference.MaxError(y.Span, expected);
        Assert.True(error < 1e-5, $"seed {seed}: max error {error}");
    }

    [Fact]
    public void ConvTransposeIsTheAdjointOfConvolution()
    {
        // <conv(x), y> = <x, convT(y)> when both share W (as (k, k, ci, co) and (co, k, k, ci)) and have no bias.
        const int seed = 5;
        var conv = new Conv2D(3, 2, 4, stride: 2, padding: 1, bias: false, random: new Random(seed));
        var deconv = new ConvTranspose2D(3, 4, 2, stride: 2, padding: 1, outputPadding: 0, bias: false);
        for (int kh = 0; kh < 3; kh++)
            for (int kw = 0; kw < 3; kw++)
                for (int ci = 0; ci < 2; ci++)
                    for (int o = 0; o < 4; o++)
                        deconv.Weight.Value[o, kh, kw, ci] = conv.Weight.Value[kh, kw, ci, o];
        var x = TestData.Uniform(seed, -1, 1, 2, 7, 7, 2);
        var y = TestData.Uniform(seed + 1, -1, 1, 2, 4, 4, 4);
        var cx = conv.Forward(x);
        var ty = deconv.Forward(y);
        Assert.True(ty.SameShape(x), $"{ty.ShapeString} vs {x.ShapeString}");
        double left = 0, right = 0;
        for (int i = 0; i < y.Length; i++) left += (double)cx.Span[i] * y.Span[i];
        for (int i = 0; i < x.Length; i++) right += (double)x.Span[i] * ty.Span[i];
        Assert.True(Math.Abs(left - right) < 1e-4, $"seed {seed}: <conv x, y> = {left}, <x, convT y> = {right}");
    }

    [Fact]
    public void DefaultInitIsUniformWithinOneOverSqrtFanIn()
    {
        var conv = new Conv2D(5, 6, 16, random: new Random(3));
        float bound = 1f / MathF.Sqrt(5 * 5 * 6);
        Assert.All(conv.Weight.Value.Span.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.All(conv.Bias!.Value.Span.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.True(conv.Weight.Value.Span.ToArray().Max() > 0.9f * bound, "the weights should fill the interval");
        var deconv = new ConvTranspose2D(3, 8, 2, random: new Random(3));
        float tBound = 1f / MathF.Sqrt(3 * 3 * 2);
        Assert.All(deconv.Weight.Value.Span.ToArray(), v => Assert.InRange(v, -tBound, tBound));
        Assert.True(deconv.Weight.Value.Span.ToArray().Max() > 0.8f * tBound, "fan-in of a transposed convolution is k·k·chanOut");
    }

    [Fact]
    public void WeightShapesAreTheGemmOperands()
    {
        Assert.True(new Conv2D(3, 2, 5).Weight.Value.HasShape(3, 3, 2, 5));
        Assert.True(new Conv1D(3, 2, 5).Weight.Value.HasShape(3, 2, 5));
        Assert.True(new ConvTranspose2D(3, 2, 5).Weight.Value.HasShape(2, 3, 3, 5));
        Assert.True(new ConvTranspose1D(3, 2, 5).Weight.Value.HasShape(2, 3, 5));
        Assert.Equal(3 * 3 * 2 * 5 + 5, new Conv2D(3, 2, 5).ParameterCount);
    }

    [Fact]
    public void ToStringShowsTheConfiguration()
    {
        Assert.Equal("Conv2D(3×3, 1 → 16, stride 1, padding 1)", new Conv2D(3, 1, 16, padding: 1).ToString());
        Assert.Equal("Conv1D(3, 1 → 32, stride 2, padding 0, no bias)", new Conv1D(3, 1, 32, 2, bias: false).ToString());
        Assert.Equal("ConvTranspose2D(3×3, 16 → 1, stride 2, padding 1, output padding 1)",
            new ConvTranspose2D(3, 16, 1, 2, 1, 1).ToString());
        Assert.Equal("MaxPool2D(2×2, stride 2)", new MaxPool2D(2).ToString());
        Assert.Equal("MaxPool1D(3, stride 1)", new MaxPool1D(3, 1).ToString());
        Assert.Equal("AvgPool2D(3×3, stride 2)", new AvgPool2D(3, 2).ToString());
        Assert.Equal("Upsample2D(×2)", new Upsample2D().ToString());
        Assert.Equal("Flatten()", new Flatten().ToString());
        Assert.Equal("Unflatten(16, 16, 1)", new Unflatten(16, 16, 1).ToString());
    }

    [Fact]
    public void ShapeErrorsNameTheModuleTheExpectedAndTheActualShape()
    {
        var e = Assert.Throws<ShapeException>(() => new Conv2D(3, 1, 16).Forward(new Tensor(32, 16, 16, 2)));
        Assert.Equal("Conv2D(3×3, 1 → 16, stride 1, padding 0): input has shape (32, 16, 16, 2), expected (N, H, W, 1).", e.Message);
        e = Assert.Throws<ShapeException>(() => new Conv2D(5, 1, 6).Forward(new Tensor(2, 4, 8, 1)));
        Assert.Contains("expected (N, H, W, 1) with H, W ≥ 5", e.Message);
        e = Assert.Throws<ShapeException>(() => new Conv1D(3, 1, 32).Forward(new Tensor(32, 256)));
        Assert.Contains("expected (N, L, 1)", e.Message);
        e = Assert.Throws<ShapeException>(() => new MaxPool2D(2).Forward(new Tensor(2, 1, 5, 3)));
        Assert.Contains("with H, W ≥ 2", e.Message);
        var conv = new Conv2D(3, 1, 4);
        var x = new Tensor(2, 6, 6, 1);
        conv.Forward(x);
        e = Assert.Throws<ShapeException>(() => conv.BackwardDelta(x, new Tensor(2, 4, 4, 3)));
        Assert.Contains("delta has shape (2, 4, 4, 3), expected (2, 4, 4, 4)", e.Message);
        e = Assert.Throws<ShapeException>(() => new Unflatten(16, 16, 1).Forward(new Tensor(3, 255)));
        Assert.Contains("256 values per example", e.Message);
        e = Assert.Throws<ShapeException>(() => new ConvTranspose2D(3, 2, 1, padding: 2).Forward(new Tensor(1, 2, 2, 2)));
        Assert.Contains("with H, W ≥ 3", e.Message);
    }

    [Fact]
    public void ConstructorsRejectInvalidSettings()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2D(0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2D(3, 1, 1, stride: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv1D(3, 1, 1, padding: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConvTranspose2D(3, 1, 1, stride: 2, outputPadding: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaxPool2D(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Upsample2D(0));
        Assert.Throws<ArgumentException>(() => new Unflatten(4, 0));
    }

    [Fact]
    public void WeightGradientRefusesAnInputOtherThanTheLastForwardOne()
    {
        // The columns of the last forward input are kept; a backward pass on another tensor is refused.
        var conv = new Conv2D(3, 1, 2, random: new Random(1));
        var a = TestData.Uniform(1, -1, 1, 2, 5, 5, 1);
        var b = TestData.Uniform(2, -1, 1, 2, 5, 5, 1);
        var delta = TestData.Uniform(3, -1, 1, 2, 3, 3, 2);
        conv.Forward(b);
        conv.BackwardUpdateGradient(b, delta);
        var fromB = conv.Weight.Gradient.Clone();
        conv.ZeroGrad();
        conv.Forward(a);
        Assert.Throws<BackwardInputException>(() => conv.BackwardUpdateGradient(b, delta));
        Assert.True(conv.Weight.Gradient.Span.SequenceEqual(new float[fromB.Length]));
        conv.Forward(b);
        conv.BackwardUpdateGradient(b, delta);
        Assert.True(conv.Weight.Gradient.Span.SequenceEqual(fromB.Span));
    }

    [Fact]
    public void EmptyBatchesGiveEmptyOutputs()
    {
        var x = new Tensor(0, 6, 6, 2);
        Module[] modules = [new Conv2D(3, 2, 4, padding: 1), new ConvTranspose2D(3, 2, 4, stride: 2), new MaxPool2D(2), new AvgPool2D(2),
            new Upsample2D(2), new Flatten(), new Conv2D(3, 2, 4) { ForceGemmPath = true }];
        foreach (var m in modules)
        {
            var y = m.Forward(x);
            Assert.Equal(0, y.Dim(0));
            Assert.True(m.Backward(x, new Tensor(y.Shape.ToArray())).SameShape(x), m.ToString());
        }
    }

    [Fact]
    public void BatchesOfDifferentSizesReuseTheModule()
    {
        var conv = new Conv2D(3, 2, 3, stride: 2, padding: 1, random: new Random(4));
        var big = TestData.Uniform(5, -1, 1, 4, 7, 7, 2);
        var small = new Tensor(1, 7, 7, 2);
        big.Row(2).CopyTo(small.Span);
        var yBig = conv.Forward(big).Clone();
        var ySmall = conv.Forward(small);
        Assert.True(ySmall.HasShape(1, 4, 4, 3));
        Assert.True(ySmall.Span.SequenceEqual(yBig.Row(2)));
    }
}
