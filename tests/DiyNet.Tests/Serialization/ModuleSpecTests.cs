using System.Text.Json;
using DiyNet.Modules;
using DiyNet.Serialization;
using DiyNet.Tensors;
using Xunit;

namespace DiyNet.Tests.Serialization;

public class ModuleSpecTests
{
    public static TheoryData<string> Cases => new(ModuleZoo.Names);

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryBuiltInModuleRoundTripsThroughItsJsonSpec(string name)
    {
        var (module, _) = ModuleZoo.Cases[name]();
        var spec = ModuleSpec.Of(module);
        string json = spec.ToJson();
        var rebuilt = ModuleSpec.FromJson(json).Build();
        Assert.Equal(module.GetType(), rebuilt.GetType());
        Assert.Equal(module.ToString(), rebuilt.ToString());
        Assert.Equal(json, ModuleSpec.Of(rebuilt).ToJson());
        Assert.Equal(module.StateDict().Keys, rebuilt.StateDict().Keys);
    }

    [Fact]
    public void TheJsonFormIsTheDocumentedOne()
    {
        var net = new Sequential(new Linear(64, 10, random: new Random(1)), new ReLU(), new MaxPool1D(2));
        Assert.Equal("""{"type":"Sequential","children":[{"type":"Linear","args":{"inputDim":64,"outputDim":10,"bias":true}},{"type":"ReLU"},{"type":"MaxPool1D","args":{"kSize":2,"stride":2}}]}""",
            ModuleSpec.Of(net).ToJson());
        Assert.Equal("""{"type":"LeakyReLU","args":{"negativeSlope":0.1}}""", ModuleSpec.Of(new LeakyReLU(0.1f)).ToJson());
    }

    [Fact]
    public void DefaultsFillOmittedArguments()
    {
        var conv = (Conv2D)ModuleSpec.FromJson("""{"type":"Conv2D","args":{"kSize":5,"chanIn":1,"chanOut":6,"padding":2}}""").Build();
        Assert.Equal((5, 1, 6, 1, 2, true), (conv.KernelSize, conv.ChanIn, conv.ChanOut, conv.Stride, conv.Padding, conv.Bias is not null));
        var pool = (MaxPool2D)ModuleSpec.FromJson("""{"type":"MaxPool2D","args":{"kSize":3}}""").Build();
        Assert.Equal(3, pool.Stride);
    }

    [Theory]
    [InlineData("""{"type":"Lienar","args":{"inputDim":2,"outputDim":3}}""", "Unknown module type 'Lienar' (nearest known: Linear)")]
    [InlineData("""{"type":"Linear","args":{"inputDim":2,"outputDim":3,"bais":false}}""", "Linear: unknown argument 'bais' (arguments: inputDim, outputDim, bias)")]
    [InlineData("""{"type":"Linear","args":{"inputDim":2.5,"outputDim":3}}""", "Linear: argument 'inputDim' is 2.5, expected a whole number")]
    [InlineData("""{"type":"Linear","args":{"inputDim":2}}""", "Linear: required argument 'outputDim' (a whole number) is missing")]
    [InlineData("""{"type":"Linear","args":{"inputDim":-2,"outputDim":3}}""", "dimensions must be positive")]
    [InlineData("""{"type":"ReLU","children":[{"type":"ReLU"}]}""", "ReLU takes no children, got 1")]
    [InlineData("""{"type":"AutoEncoder","children":[{"type":"ReLU"}]}""", "AutoEncoder takes 2 children, got 1")]
    [InlineData("""{"type":"Sequential"}""", "Sequential takes 1 or more children, got 0")]
    [InlineData("""{"type":"ReLU","extra":1}""", "unknown property \"extra\"")]
    [InlineData("""{"args":{}}""", "\"type\" is missing")]
    [InlineData("""[1,2]""", "expected an object")]
    [InlineData("""{"type":"ReLU",""", "not valid JSON")]
    public void BadSpecsAreRefusedWithAMessageThatSaysWhy(string json, string expected)
    {
        var e = Assert.ThrowsAny<ModuleSpecException>(() => ModuleSpec.FromJson(json).Build());
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void AModuleOutsideTheCatalogCannotBeDescribedUntilRegistered()
    {
        var e = Assert.Throws<ModuleSpecException>(() => ModuleSpec.Of(new Sequential(new Scale(2f))));
        Assert.Contains("is not in the ModuleCatalog", e.Message);

        ModuleCatalog.Register<Scale>("TestScale", [ModuleArgument.Required("factor", ArgumentKind.Float)],
            m => [m.Factor], s => new Scale(s.Float("factor")), summary: "y = factor·x");
        var spec = ModuleSpec.Of(new Sequential(new Scale(2.5f)));
        Assert.Equal("""{"type":"Sequential","children":[{"type":"TestScale","args":{"factor":2.5}}]}""", spec.ToJson());
        var rebuilt = (Sequential)ModuleSpec.FromJson(spec.ToJson()).Build();
        Assert.Equal(2.5f, ((Scale)rebuilt[0]).Factor);
        Assert.Contains(ModuleCatalog.Entries, entry => entry.TypeName == "TestScale" && entry.Summary == "y = factor·x");
    }

    [Fact]
    public void TheCatalogListsEveryBuiltInModuleWithItsArguments()
    {
        string[] builtIn = ["AutoEncoder", "AvgPool1D", "AvgPool2D", "Conv1D", "Conv2D", "ConvTranspose1D", "ConvTranspose2D", "Flatten",
            "Identity", "LeakyReLU", "Linear", "LogSoftmax", "MaxPool1D", "MaxPool2D", "ReLU", "Sequential", "Sigmoid", "Softmax", "TanH",
            "Unflatten", "Upsample1D", "Upsample2D", "ELU", "GELU", "SiLU", "Softplus", "Dropout", "Dropout2D", "BatchNorm1D", "BatchNorm2D",
            "LayerNorm", "FeatureScaling"];
        var names = ModuleCatalog.Entries.Select(e => e.TypeName).ToHashSet();
        Assert.All(builtIn, n => Assert.Contains(n, names));
        Assert.Equal("ConvTranspose2D(kSize: Int, chanIn: Int, chanOut: Int, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0, bias: Bool = true)",
            ModuleCatalog.Find("ConvTranspose2D")!.ToString());
    }

    [Fact]
    public void ArgumentsReadBackExactly()
    {
        var spec = new ModuleSpec("LeakyReLU", [new("negativeSlope", JsonValues.From(0.3f))]);
        Assert.Equal(0.3f, ((LeakyReLU)spec.Build()).NegativeSlope);
        Assert.Equal(JsonValueKind.Array, JsonValues.From([1, 2]).ValueKind);
    }

    /// <summary>A module that is not built in, for the catalog tests.</summary>
    private sealed class Scale(float factor) : Activation
    {
        public float Factor { get; } = factor;

        protected override void Apply(Tensor input, Tensor output) =>
            System.Numerics.Tensors.TensorPrimitives.Multiply(input.Span, Factor, output.Span);

        protected override void Derive(Tensor input, Tensor output, Tensor delta, Tensor gradInput) =>
            System.Numerics.Tensors.TensorPrimitives.Multiply(delta.Span, Factor, gradInput.Span);
    }
}
