using DiyNet.Kernels;
using DiyNet.Modules;
using DiyNet.Tensors;
using Xunit;

namespace DiyNet.Tests.Kernels;

/// <summary>
/// Evaluation-mode 3×3 convolutions by Winograd's F(2×2, 3×3): the convolution up to rounding (against a float64
/// definition, within the bound the direct kernels meet), the same bits whatever the thread count, the batch around an image and
/// the inference scope, fused with ReLU and max pooling as apart, and the direct kernels' bits when turned off.
/// </summary>
[Collection(KernelSettingsCollection.Name)]
[Trait(TestGroup.Name, TestGroup.Kernels)]
public class WinogradTests
{
    // (height, width, channels in, channels out, padding, bias): even and odd sizes (edge tiles cut by the output's
    // last row or column), padded and not, the smallest images, 16 to 64 channels.
    public static TheoryData<int, int, int, int, int, bool> Shapes => new()
    {
        { 8, 8, 16, 16, 1, true },
        { 9, 7, 32, 16, 1, true },
        { 10, 11, 16, 32, 0, false },
        { 3, 3, 16, 16, 0, true },
        { 1, 1, 16, 16, 1, true },
        { 2, 5, 16, 48, 1, true },
        { 16, 16, 64, 64, 1, true },
        { 32, 32, 32, 32, 1, true },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TheEvaluationPassIsTheConvolutionUpToRounding(int h, int w, int cin, int cout, int padding, bool bias)
    {
        int n = 3;
        var conv = new Conv2D(3, cin, cout, padding: padding, bias: bias, random: new Random(21));
        if (bias) TestData.Uniform(22, -0.5f, 0.5f, cout).Span.CopyTo(conv.Bias!.Value.Span);
        var x = TestData.Uniform(23, -1, 1, n, h, w, cin);
        var expected = ConvReference.Conv2D(x.Span.ToArray(), n, h, w, cin, conv.Weight.Value.Span.ToArray(),
            bias ? conv.Bias!.Value.Span.ToArray() : null, 3, cout, 1, padding, out _, out _);
        var direct = conv.Forward(x).Span.ToArray();   // training mode: the direct kernels
        conv.Eval();
        var winograd = conv.Forward(x).Span.ToArray();
        double scale = expected.Max(Math.Abs);
        double directError = ConvReference.MaxError(direct, expected), winogradError = ConvReference.MaxError(winograd, expected);
        // The regrouped sums stay within a few tens of units in the last place of the largest output (3e-6 of it:
        // the bound the direct kernels meet too, at every vector width, on these shapes).
        Assert.True(directError <= 3e-6 * scale, $"direct {h}×{w}, {cin} → {cout}: max error {directError:E3}, largest |y| {scale:E3}");
        Assert.True(winogradError <= 3e-6 * scale,
            $"Winograd {h}×{w}, {cin} → {cout}, padding {padding}: max error {winogradError:E3} (direct {directError:E3}, largest |y| {scale:E3})");
        // The regrouped sums are not the direct kernels' bits; without AVX-512 the direct kernels run.
        if (Winograd.IsSupported) Assert.NotEqual(direct, winograd);
        else Assert.Equal(direct, winograd);
    }

    [Fact]
    public void TheBitsDoNotDependOnThreadsBatchOrInferenceScope()
    {
        var conv = new Conv2D(3, 32, 32, padding: 1, random: new Random(31));
        conv.Eval();
        var x = TestData.Uniform(32, -1, 1, 19, 12, 10, 32);
        float[] Run(int threads, Tensor input, bool scope)
        {
            int saved = KernelSettings.MaxThreads;
            try
            {
                KernelSettings.MaxThreads = threads;
                if (scope) conv.SetInferenceScope(true);
                return conv.Forward(input).Span.ToArray();
            }
            finally
            {
                if (scope) conv.SetInferenceScope(false);
                KernelSettings.MaxThreads = saved;
            }
        }
        var one = Run(1, x, false);
        Assert.Equal(one, Run(2, x, false));
        Assert.Equal(one, Run(2, x, true));
        // Image 13 alone gives the rows it has in the batch.
        var alone = Run(2, x.Slice(13, 1).Clone(), false);
        int size = alone.Length;
        Assert.Equal(one.AsSpan(13 * size, size).ToArray(), alone);
    }

    [Fact]
    public void AChangeOfTheWeightsIsSeenOutsideAScopeAndAtTheNextScope()
    {
        var conv = new Conv2D(3, 16, 16, padding: 1, random: new Random(41));
        conv.Eval();
        var x = TestData.Uniform(42, -1, 1, 2, 6, 6, 16);
        var before = conv.Forward(x).Span.ToArray();
        float original = conv.Weight.Value.Span[5];
        conv.Weight.Value.Span[5] += 0.25f;
        var after = conv.Forward(x).Span.ToArray();
        Assert.NotEqual(before, after);
        conv.SetInferenceScope(true);
        Assert.Equal(after, conv.Forward(x).Span.ToArray());
        conv.SetInferenceScope(false);
        conv.Weight.Value.Span[5] = original;
        conv.SetInferenceScope(true);
        Assert.Equal(before, conv.Forward(x).Span.ToArray());
        conv.SetInferenceScope(false);
    }

    // Convolution → ReLU → max pooling, pooled as each image is written, against the three modules apart (both in
    // evaluation mode, both by Winograd); then the backward pass after it.
    [Fact]
    public void FusedWithReluAndMaxPoolingItGivesTheBitsOfTheModulesApart()
    {
        Module[] Layers() => [new Conv2D(3, 16, 32, padding: 1, random: new Random(51)), new ReLU(), new MaxPool2D(2)];
        var fused = new Sequential(Layers());
        var apart = Layers();
        fused.Eval();
        foreach (var m in apart) m.Eval();
        var x = TestData.Uniform(52, -1, 1, 5, 10, 9, 16);
        Tensor h = x;
        var inputs = new Tensor[apart.Length];
        for (int i = 0; i < apart.Length; i++)
        {
            inputs[i] = h;
            h = apart[i].Forward(h);
        }
        var y = fused.Forward(x);
        Assert.Equal(h.Span.ToArray(), y.Span.ToArray());
        var delta = TestData.Uniform(53, -1, 1, y.Shape.ToArray());
        Tensor d = delta;
        for (int i = apart.Length - 1; i >= 0; i--) d = apart[i].Backward(inputs[i], d);
        Assert.Equal(d.Span.ToArray(), fused.Backward(x, delta).Span.ToArray());
    }

    [Fact]
    public void TurnedOffTheEvaluationPassHasTheBitsOfTheTrainingPass()
    {
        var conv = new Conv2D(3, 16, 16, padding: 1, random: new Random(61));
        var x = TestData.Uniform(62, -1, 1, 4, 7, 7, 16);
        var training = conv.Forward(x).Span.ToArray();
        conv.Eval();
        try
        {
            KernelSettings.Winograd = false;
            Assert.Equal(training, conv.Forward(x).Span.ToArray());
        }
        finally
        {
            KernelSettings.Winograd = true;
        }
        if (Winograd.IsSupported) Assert.NotEqual(training, conv.Forward(x).Span.ToArray());
        else Assert.Equal(training, conv.Forward(x).Span.ToArray());
    }

    [Theory]
    [InlineData(3, 1, 1, 16, 16)]   // 3×3, stride 1, padding 1, 16 → 16: fits
    [InlineData(3, 2, 1, 16, 16)]   // stride 2
    [InlineData(5, 1, 2, 16, 16)]   // 5×5
    [InlineData(3, 1, 2, 16, 16)]   // padding 2
    [InlineData(3, 1, 1, 8, 16)]    // 8 channels in
    [InlineData(3, 1, 1, 16, 24)]   // 24 channels out
    public void OnlyThreeByThreeStrideOneConvolutionsOfWholeVectorsFit(int k, int stride, int padding, int cin, int cout)
    {
        var g = new Window2D(9, 9, cin, k, k, stride, stride, padding, padding);
        bool fits = k == 3 && stride == 1 && padding <= 1 && cin % 16 == 0 && cout % 16 == 0;
        Assert.Equal(fits && Winograd.IsSupported, Winograd.Fits(g, cout));
    }
}
