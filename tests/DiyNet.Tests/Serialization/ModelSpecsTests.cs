using DiyNet.Modules;
using DiyNet.Serialization;
using Xunit;

namespace DiyNet.Tests.Serialization;

public class ModelSpecsTests
{
    [Theory]
    [InlineData("Linear(784,256) ReLU Linear(256,10)")]
    [InlineData("Unflatten(28,28,1) Conv2D(5,1,6,padding:2) ReLU MaxPool2D(2) Flatten Linear(1176,10)")]
    [InlineData("Conv1D(3,1,4,stride:2) TanH MaxPool1D(2,stride:1) Flatten Linear(24,2,bias:false) Sigmoid")]
    [InlineData("AutoEncoder(Sequential(Linear(64,16) ReLU),Sequential(Linear(16,64) Sigmoid))")]
    [InlineData("LeakyReLU(negativeSlope:0.2) Linear(3,3)")]
    public void OneLineRoundTripsThroughTheTree(string line)
    {
        var spec = ModelSpecs.Parse(line);
        Assert.Equal(line, ModelSpecs.ToLine(spec));
        Assert.Equal(spec.ToJson(), ModuleSpec.FromJson(spec.ToJson()).ToJson());
        Assert.Equal(line, ModelSpecs.ToLine(ModuleSpec.Of(spec.Build())));
    }

    [Fact]
    public void PositionalAndNamedArgumentsFillTheCatalogsNames()
    {
        var spec = ModelSpecs.Parse("Conv2D(5, 1, 6, padding: 2)");
        Assert.Equal("Conv2D", spec.Type);
        Assert.Equal(["kSize", "chanIn", "chanOut", "padding"], spec.Args.Select(a => a.Key));
        var conv = Assert.IsType<Conv2D>(spec.Build());
        Assert.Equal(2, conv.Padding);
        var unflatten = ModelSpecs.Parse("Unflatten(16,16,1)");
        Assert.Equal([16, 16, 1], unflatten.Ints("exampleShape"));
        var chain = ModelSpecs.Parse("Linear(2,3) ReLU");
        Assert.Equal("Sequential", chain.Type);
        Assert.Equal(2, chain.Children.Count);
    }

    [Fact]
    public void UnderscoresAreFilledFromTheData()
    {
        var spec = ModelSpecs.Parse("Unflatten(8,8,1) Conv2D(3,_,4,padding:1) ReLU MaxPool2D(2) Flatten Linear(_,_)", [64], 3);
        Assert.Equal("Unflatten(8,8,1) Conv2D(3,1,4,padding:1) ReLU MaxPool2D(2) Flatten Linear(64,3)", ModelSpecs.ToLine(spec));
        var mlp = ModelSpecs.Parse("Linear(_,32) ReLU Linear(32,_)", [30], 1);
        Assert.Equal("Linear(30,32) ReLU Linear(32,1)", ModelSpecs.ToLine(mlp));
        var ae = ModelSpecs.Parse("AutoEncoder(Linear(_,4) TanH, Linear(4,_) Sigmoid)", [12], 12);
        Assert.Equal("AutoEncoder(Sequential(Linear(12,4) TanH),Sequential(Linear(4,12) Sigmoid))", ModelSpecs.ToLine(ae));
    }

    [Theory]
    [InlineData("", 1, "empty spec")]
    [InlineData("Linear(4,8) Relu", 13, "unknown module \"Relu\"; did you mean \"ReLU\"?")]
    [InlineData("Conv2d(3,1,2)", 1, "unknown module \"Conv2d\"; did you mean \"Conv2D\"?")]
    [InlineData("Linear(4,8", 7, "'(' of Linear is never closed.")]
    [InlineData("Linear(4;8)", 9, "unexpected ';' in the arguments of Linear; expected ',' or ')'.")]
    [InlineData("Linear(4,8,true,3)", 17, "Linear takes at most 3 arguments (inputDim, outputDim, bias=true), got more.")]
    [InlineData("Linear(4,x8)", 10, "Linear: argument \"outputDim\" is \"x8\", expected a whole number.")]
    [InlineData("Linear(4,8) ReLU(", 17, "'(' of ReLU is never closed.")]
    [InlineData("Linear(4, 8, bais:false)", 14, "Linear has no argument \"bais\"; did you mean \"bias\"?")]
    [InlineData("Linear(4,8), ReLU", 12, "unexpected ','; separate the modules of the chain with spaces.")]
    [InlineData("ReLU(Linear(2,2))", 6, "ReLU takes no modules as arguments.")]
    [InlineData("Linear(4,8) @", 13, "unexpected '@'; expected a module name such as Linear or ReLU.")]
    public void ErrorsNameThePosition(string line, int position, string detail)
    {
        var e = Assert.Throws<SpecException>(() => ModelSpecs.Parse(line));
        Assert.StartsWith($"model spec, position {position}: {detail}", e.Message);
        Assert.Equal(position - 1, e.Position);
    }

    [Fact]
    public void InferenceErrorsPointAtTheModule()
    {
        var e = Assert.Throws<SpecException>(() => ModelSpecs.Parse("Linear(_,8) ReLU Linear(9,2)", [5], 2));
        Assert.Equal(17, e.Position);
        Assert.Contains("does not accept an example of shape (8)", e.Message);
        var unflatten = Assert.Throws<SpecException>(() => ModelSpecs.Parse("Linear(_,8) MaxPool2D(_)", [5], 2));
        Assert.Contains("\"_\" cannot be inferred for argument \"kSize\"", unflatten.Message);
        var json = ModuleSpec.FromJson("""{"type":"Sequential","children":[{"type":"Linear","args":{"inputDim":"_","outputDim":"_"}}]}""");
        Assert.Equal("Sequential(Linear(7,3))", ModelSpecs.ToLine(ModelSpecs.Infer(json, [7], 3)));
    }

    [Fact]
    public void FeatureScalingMapsAndPassesGradients()
    {
        var scaling = new FeatureScaling([1f, -2f], [0.5f, 4f]);
        var x = DiyNet.Tensors.Tensor.FromArray([3f, -2f, 1f, 0f], 2, 2);
        Assert.Equal([1f, 0f, 0f, 8f], scaling.Forward(x).Span.ToArray());
        var delta = DiyNet.Tensors.Tensor.FromArray([1f, 1f, 2f, 3f], 2, 2);
        Assert.Equal([0.5f, 4f, 1f, 12f], scaling.BackwardDelta(x, delta).Span.ToArray());
        Assert.Equal(["shift", "scale"], scaling.NamedBuffers().Select(b => b.Name));
        Assert.Empty(scaling.Parameters);
        Assert.Throws<ShapeException>(() => scaling.Forward(new DiyNet.Tensors.Tensor(2, 3)));
    }
}
