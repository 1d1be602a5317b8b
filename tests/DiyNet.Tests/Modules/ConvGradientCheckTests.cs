using DiyNet.Checking;
using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Modules;

/// <summary>
/// Convolution, pooling, upsampling and reshaping modules against central finite differences, on batched inputs with
/// stride &gt; 1, padding, odd and non-square sizes and overlapping windows. Max pooling gets inputs without ties (a tie
/// is a kink: see <see cref="PoolingTests"/> for the tie rule).
/// </summary>
[Trait(TestGroup.Name, TestGroup.GradientCheck)]
public class ConvGradientCheckTests
{
    public static TheoryData<string> ModuleNames => new(ModuleCases.Keys);

    private static Random R(int seed) => new(seed);

    private static readonly Dictionary<string, Func<(Module Module, Tensor Input)>> ModuleCases = new()
    {
        ["Conv2D 3×3, stride 1, odd non-square"] = () => (new Conv2D(3, 2, 3, random: R(1)), TestData.Uniform(2, -1, 1, 2, 5, 6, 2)),
        ["Conv2D 3×3, stride 2, padding 1"] = () => (new Conv2D(3, 2, 3, stride: 2, padding: 1, random: R(1)), TestData.Uniform(3, -1, 1, 2, 7, 6, 2)),
        ["Conv2D 2×2, stride 3 > kernel, padding 1"] = () => (new Conv2D(2, 3, 2, stride: 3, padding: 1, random: R(1)), TestData.Uniform(4, -1, 1, 2, 7, 8, 3)),
        ["Conv2D 5×5, padding 2, no bias, Xavier"] = () => (new Conv2D(5, 2, 3, padding: 2, bias: false, init: Init.Xavier, random: R(1)), TestData.Uniform(5, -1, 1, 2, 6, 5, 2)),
        ["Conv2D 1×1 (no im2col)"] = () => (new Conv2D(1, 3, 4, random: R(1)), TestData.Uniform(6, -1, 1, 2, 3, 4, 3)),
        ["Conv2D kernel = whole image (no im2col)"] = () => (new Conv2D(4, 2, 3, random: R(1)), TestData.Uniform(7, -1, 1, 3, 4, 4, 2)),
        ["Conv2D 3×3, padding 2 ≥ kernel/2"] = () => (new Conv2D(3, 1, 2, padding: 2, random: R(1)), TestData.Uniform(8, -1, 1, 2, 3, 4, 1)),
        ["Conv1D k3, 1 → 4"] = () => (new Conv1D(3, 1, 4, random: R(1)), TestData.Uniform(9, -1, 1, 3, 11, 1)),
        ["Conv1D k4, stride 2, padding 1"] = () => (new Conv1D(4, 3, 2, stride: 2, padding: 1, random: R(1)), TestData.Uniform(10, -1, 1, 2, 9, 3)),
        ["Conv1D k1"] = () => (new Conv1D(1, 3, 2, random: R(1)), TestData.Uniform(11, -1, 1, 2, 5, 3)),
        ["ConvTranspose2D 3×3, stride 2, padding 1, output padding 1"] = () => (new ConvTranspose2D(3, 2, 3, stride: 2, padding: 1, outputPadding: 1, random: R(1)), TestData.Uniform(12, -1, 1, 2, 3, 4, 2)),
        ["ConvTranspose2D 4×4, stride 2, padding 1"] = () => (new ConvTranspose2D(4, 2, 2, stride: 2, padding: 1, random: R(1)), TestData.Uniform(13, -1, 1, 2, 3, 3, 2)),
        ["ConvTranspose2D 2×2, stride 3 > kernel"] = () => (new ConvTranspose2D(2, 3, 2, stride: 3, random: R(1)), TestData.Uniform(14, -1, 1, 2, 2, 3, 3)),
        ["ConvTranspose2D 1×1, no bias"] = () => (new ConvTranspose2D(1, 3, 2, bias: false, random: R(1)), TestData.Uniform(15, -1, 1, 2, 2, 3, 3)),
        ["ConvTranspose1D k3, stride 2, padding 1, output padding 1"] = () => (new ConvTranspose1D(3, 3, 2, stride: 2, padding: 1, outputPadding: 1, random: R(1)), TestData.Uniform(16, -1, 1, 2, 5, 3)),
        ["MaxPool2D 2×2"] = () => (new MaxPool2D(2), TestData.Distinct(17, 0.05f, 2, 6, 6, 3)),
        ["MaxPool2D 3×3, stride 2 (overlapping)"] = () => (new MaxPool2D(3, 2), TestData.Distinct(18, 0.05f, 2, 7, 7, 2)),
        ["MaxPool2D 2×2 on 5×7 (floor mode)"] = () => (new MaxPool2D(2), TestData.Distinct(19, 0.05f, 2, 5, 7, 3)),
        ["MaxPool2D 2×2, 16 channels (vector path)"] = () => (new MaxPool2D(2), TestData.Distinct(20, 0.02f, 2, 4, 4, 17)),
        ["MaxPool1D 2, stride 2"] = () => (new MaxPool1D(2, 2), TestData.Distinct(21, 0.05f, 2, 9, 3)),
        ["MaxPool1D 3, stride 1 (overlapping)"] = () => (new MaxPool1D(3, 1), TestData.Distinct(22, 0.05f, 2, 8, 2)),
        ["AvgPool2D 3×3, stride 2"] = () => (new AvgPool2D(3, 2), TestData.Uniform(23, -1, 1, 2, 7, 6, 2)),
        ["AvgPool1D 2, stride 1"] = () => (new AvgPool1D(2, 1), TestData.Uniform(24, -1, 1, 2, 7, 3)),
        ["Upsample2D ×2"] = () => (new Upsample2D(2), TestData.Uniform(25, -1, 1, 2, 3, 4, 3)),
        ["Upsample1D ×3"] = () => (new Upsample1D(3), TestData.Uniform(26, -1, 1, 2, 4, 2)),
        ["Flatten"] = () => (new Flatten(), TestData.Uniform(27, -1, 1, 2, 3, 4, 5)),
        ["Unflatten"] = () => (new Unflatten(4, 3, 2), TestData.Uniform(28, -1, 1, 3, 24)),
        ["Sequential conv encoder-decoder"] = () => (new Sequential(
            new Conv2D(3, 1, 4, padding: 1, random: R(2)), new TanH(), new AvgPool2D(2),
            new Conv2D(3, 4, 3, stride: 2, padding: 1, random: R(3)), new TanH(),
            new ConvTranspose2D(3, 3, 2, stride: 2, padding: 1, outputPadding: 1, random: R(4)), new Upsample2D(2),
            new Flatten(), new Linear(128, 3, random: R(5))), TestData.Uniform(29, -1, 1, 2, 8, 8, 1)),
    };

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void ModuleGradientsMatchFiniteDifferences(string name)
    {
        var (module, input) = ModuleCases[name]();
        var result = GradientCheck.Module(module, input, seed: 42);
        Assert.True(result.Passed, $"{name} (seed 42): {result}");
    }
}
