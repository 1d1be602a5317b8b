using DiyNet.Checking;
using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Modules;

/// <summary>Every module and loss against central finite differences, on batched inputs.</summary>
[Trait(TestGroup.Name, TestGroup.GradientCheck)]
public class GradientCheckTests
{
    public static TheoryData<string> ModuleNames => new(ModuleCases.Keys);

    private static readonly Dictionary<string, Func<(Module Module, Tensor Input)>> ModuleCases = new()
    {
        ["Linear"] = () => (new Linear(5, 3, random: new Random(1)), TestData.Uniform(2, -1, 1, 4, 5)),
        ["Linear(no bias, Xavier)"] = () => (new Linear(6, 2, bias: false, init: Init.Xavier, random: new Random(1)), TestData.Uniform(2, -1, 1, 3, 6)),
        ["TanH"] = () => (new TanH(), TestData.Uniform(3, -2, 2, 4, 5)),
        ["Sigmoid"] = () => (new Sigmoid(), TestData.Uniform(4, -3, 3, 4, 5)),
        ["ReLU"] = () => (new ReLU(), TestData.AwayFromZero(5, 0.05f, 4, 5)),
        ["LeakyReLU"] = () => (new LeakyReLU(0.1f), TestData.AwayFromZero(6, 0.05f, 4, 5)),
        ["Identity"] = () => (new Identity(), TestData.Uniform(7, -1, 1, 3, 4)),
        ["Softmax"] = () => (new Softmax(), TestData.Uniform(8, -2, 2, 4, 6)),
        ["LogSoftmax"] = () => (new LogSoftmax(), TestData.Uniform(9, -2, 2, 4, 6)),
        ["Sequential"] = () => (new Sequential(new Linear(4, 6, random: new Random(3)), new TanH(),
            new Linear(6, 3, random: new Random(4)), new Sigmoid()), TestData.Uniform(10, -1, 1, 5, 4)),
        ["AutoEncoder"] = () => (AutoEncoder.Dense(6, [5], 3, [4], random: new Random(5)), TestData.Uniform(19, 0, 1, 4, 6)),
        ["FeatureScaling"] = () => (new FeatureScaling([0.5f, -1f, 0f, 2f, 1f], [2f, 0.5f, 1f, 3f, -1f]), TestData.Uniform(39, -1, 1, 4, 5)),
        ["ELU"] = () => (new ELU(0.7f), TestData.AwayFromZero(20, 0.05f, 4, 5)),
        ["GELU"] = () => (new GELU(), TestData.Uniform(21, -3, 3, 4, 5)),
        ["SiLU"] = () => (new SiLU(), TestData.Uniform(22, -3, 3, 4, 5)),
        ["Softplus"] = () => (new Softplus(2f), TestData.Uniform(23, -3, 3, 4, 5)),
        ["Dropout (fixed mask)"] = () => (WithMask(new Dropout(0.3f, new Random(1)), TestData.Uniform(24, 0, 1, 4, 5)), TestData.Uniform(25, -1, 1, 4, 5)),
        ["Dropout2D (fixed mask)"] = () => (WithMask(new Dropout2D(0.5f, new Random(1)), TestData.Uniform(26, 0, 1, 2, 3)), TestData.Uniform(27, -1, 1, 2, 3, 4, 3)),
        ["BatchNorm1D (training)"] = () => (Affine(new BatchNorm1D(4), 28), TestData.Uniform(29, -2, 2, 6, 4)),
        ["BatchNorm1D (training, sequence)"] = () => (Affine(new BatchNorm1D(3), 30), TestData.Uniform(31, -2, 2, 2, 5, 3)),
        ["BatchNorm2D (training)"] = () => (Affine(new BatchNorm2D(3), 32), TestData.Uniform(33, -2, 2, 2, 3, 4, 3)),
        ["BatchNorm2D (evaluation)"] = () => (Evaluating(Affine(new BatchNorm2D(3), 34)), TestData.Uniform(35, -2, 2, 2, 3, 4, 3)),
        ["BatchNorm2D (training, no affine)"] = () => (new BatchNorm2D(2, affine: false), TestData.Uniform(36, -2, 2, 3, 2, 2, 2)),
        ["LayerNorm"] = () => (Affine(new LayerNorm(6), 37), TestData.Uniform(38, -2, 2, 4, 6)),
        ["LayerNorm (rank 3, no affine)"] = () => (new LayerNorm(5, affine: false), TestData.Uniform(39, -2, 2, 2, 3, 5)),
        ["FeatureScaling"] = () => (new FeatureScaling([0.5f, -1f, 2f, 0f, 0.25f], [2f, -0.5f, 1.5f, 3f, 0.75f]), TestData.Uniform(20, -1, 1, 4, 5)),
        ["Frozen"] = () => (new Sequential(new Frozen(new Sequential(new Linear(4, 5, random: new Random(6)), new TanH())),
            new Linear(5, 3, random: new Random(7))), TestData.Uniform(21, -1, 1, 3, 4)),
    };

    /// <summary>γ and β drawn at random (instead of 1 and 0), and, for batch normalization, running statistics too.</summary>
    private static Module Affine(Module module, int seed)
    {
        var random = new Random(seed);
        foreach (var p in module.Parameters) random.FillUniform(p.Value.Span, 0.5f, 1.5f);
        foreach (var (_, value) in module.NamedBuffers()) random.FillUniform(value.Span, 0.5f, 1.5f);
        return module;
    }

    private static Module Evaluating(Module module)
    {
        module.Eval();
        return module;
    }

    /// <summary>The module with a mask fixed from uniform values (kept where the value is at least 0.3).</summary>
    private static Module WithMask(Module module, Tensor uniform)
    {
        var mask = uniform.Clone();
        var m = mask.Span;
        for (int i = 0; i < m.Length; i++) m[i] = m[i] >= 0.3f ? 1f : 0f;
        if (module is Dropout d) d.FixMask(mask);
        else ((Dropout2D)module).FixMask(mask);
        return module;
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void ModuleGradientsMatchFiniteDifferences(string name)
    {
        var (module, input) = ModuleCases[name]();
        var result = GradientCheck.Module(module, input, seed: 42);
        Assert.True(result.Passed, $"{name} (seed 42): {result}");
    }

    public static TheoryData<string> LossNames => new(LossCases.Keys);

    private static readonly Dictionary<string, Func<(Loss Loss, Tensor Y, Tensor Yhat)>> LossCases = new()
    {
        ["MSELoss"] = () => (new MSELoss(), TestData.Uniform(11, -1, 1, 4, 3), TestData.Uniform(12, -1, 1, 4, 3)),
        ["BCELoss"] = () => (new BCELoss(), TestData.Uniform(13, 0, 1, 4, 3), TestData.Uniform(14, 0.1f, 0.9f, 4, 3)),
        ["CrossEntropyLoss"] = () => (new CrossEntropyLoss(), TestData.OneHot(15, 4, 5), TestData.Uniform(16, 0.1f, 0.9f, 4, 5)),
        ["CELogSoftmax"] = () => (new CELogSoftmax(), TestData.OneHot(17, 4, 5), TestData.Uniform(18, -3, 3, 4, 5)),
    };

    [Theory]
    [MemberData(nameof(LossNames))]
    public void LossGradientsMatchFiniteDifferences(string name)
    {
        var (loss, y, yhat) = LossCases[name]();
        var result = GradientCheck.Loss(loss, y, yhat, seed: 42);
        Assert.True(result.Passed, $"{name} (seed 42): {result}");
    }

    [Fact]
    public void GradientCheckDetectsAWrongBackward()
    {
        var result = GradientCheck.Module(new WrongTanH(), TestData.Uniform(1, -1, 1, 3, 4));
        Assert.False(result.Passed);
    }

    private sealed class WrongTanH : Activation
    {
        protected override void Apply(Tensor input, Tensor output) => System.Numerics.Tensors.TensorPrimitives.Tanh(input.Span, output.Span);
        protected override void Derive(Tensor input, Tensor output, Tensor delta, Tensor gradInput) => delta.Span.CopyTo(gradInput.Span);
    }
}
