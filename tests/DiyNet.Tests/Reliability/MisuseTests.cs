using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using Xunit;

namespace DiyNet.Tests.Reliability;

/// <summary>Misuse that used to give wrong gradients silently is refused with a message naming the positions.</summary>
public class MisuseTests
{
    [Fact]
    public void OneActivationInstanceTwiceInASequentialIsRefusedNamingBothPositions()
    {
        var relu = new ReLU();
        var e = Assert.Throws<ArgumentException>(() => new Sequential(new Linear(4, 5), relu, new Linear(5, 3), relu));
        Assert.Contains("module 3 ReLU() is the same instance as module 1", e.Message);
    }

    [Fact]
    public void ASharedLinearIsRefusedEvenInANestedContainer()
    {
        var shared = new Linear(4, 4);
        var inner = new Sequential(shared, new TanH());
        var e = Assert.Throws<ArgumentException>(() => new Sequential(inner, new Sequential(new ReLU(), shared)));
        Assert.Contains("module 1.1 Linear(4 → 4) is the same instance as module 0.0", e.Message);
        var twice = Assert.Throws<ArgumentException>(() => new Sequential(inner, inner));
        Assert.Contains("module 1 Sequential", twice.Message);
        Assert.Contains("same instance as module 0", twice.Message);
    }

    [Fact]
    public void AnAutoEncoderWhoseHalvesShareAModuleIsRefused()
    {
        var sigmoid = new Sigmoid();
        var e = Assert.Throws<ArgumentException>(() =>
            new AutoEncoder(new Sequential(new Linear(6, 2), sigmoid), new Sequential(new Linear(2, 6), sigmoid)));
        Assert.Contains("module decoder.1 Sigmoid() is the same instance as module encoder.1", e.Message);
    }

    [Fact]
    public void DistinctInstancesGiveOneParameterCountAndOneStep()
    {
        var net = new Sequential(new Linear(4, 5), new ReLU(), new Linear(5, 3), new ReLU());
        Assert.Equal(4 * 5 + 5 + 5 * 3 + 3, net.ParameterCount);
    }

    private static Tensor Flat() => TestData.Uniform(2, -1, 1, 4, 6);

    private static Tensor Channels() => TestData.Distinct(2, 0.01f, 4, 6, 2);

    private static Tensor Images() => TestData.Distinct(2, 0.01f, 3, 4, 4, 2);

    // One of every module type of the library, with an input it takes.
    private static readonly Dictionary<string, Func<(Module Module, Func<Tensor> Input)>> Catalog = new()
    {
        ["Linear"] = () => (new Linear(6, 3, random: new Random(1)), Flat),
        ["ReLU"] = () => (new ReLU(), Flat),
        ["LeakyReLU"] = () => (new LeakyReLU(), Flat),
        ["Sigmoid"] = () => (new Sigmoid(), Flat),
        ["TanH"] = () => (new TanH(), Flat),
        ["Identity"] = () => (new Identity(), Flat),
        ["ELU"] = () => (new ELU(), Flat),
        ["GELU"] = () => (new GELU(), Flat),
        ["SiLU"] = () => (new SiLU(), Flat),
        ["Softplus"] = () => (new Softplus(), Flat),
        ["Softmax"] = () => (new Softmax(), Flat),
        ["LogSoftmax"] = () => (new LogSoftmax(), Flat),
        ["MaxPool1D"] = () => (new MaxPool1D(2, 2), Channels),
        ["AvgPool1D"] = () => (new AvgPool1D(2, 2), Channels),
        ["MaxPool2D"] = () => (new MaxPool2D(2, 2), Images),
        ["AvgPool2D"] = () => (new AvgPool2D(2, 2), Images),
        ["Conv1D"] = () => (new Conv1D(3, 2, 3, random: new Random(1)), Channels),
        ["Conv2D"] = () => (new Conv2D(3, 2, 3, random: new Random(1)), Images),
        ["ConvTranspose1D"] = () => (new ConvTranspose1D(3, 2, 3, random: new Random(1)), Channels),
        ["ConvTranspose2D"] = () => (new ConvTranspose2D(3, 2, 3, random: new Random(1)), Images),
        ["Upsample1D"] = () => (new Upsample1D(2), Channels),
        ["Upsample2D"] = () => (new Upsample2D(2), Images),
        ["Flatten"] = () => (new Flatten(), Channels),
        ["Unflatten"] = () => (new Unflatten(3, 2), Flat),
        ["BatchNorm1D"] = () => (new BatchNorm1D(6), Flat),
        ["BatchNorm2D"] = () => (new BatchNorm2D(2), Images),
        ["LayerNorm"] = () => (new LayerNorm(6), Flat),
        ["Dropout"] = () => (new Dropout(0.5f, new Random(1)), Flat),
        ["Dropout2D"] = () => (new Dropout2D(0.5f, new Random(1)), Images),
        ["Sequential"] = () => (new Sequential(new Linear(6, 5, random: new Random(1)), new TanH(), new Linear(5, 3, random: new Random(2))), Flat),
        ["AutoEncoder"] = () => (AutoEncoder.Dense(6, [], 2, [], random: new Random(1)), () => TestData.Uniform(2, 0, 1, 4, 6)),
        ["FeatureScaling"] = () => (new FeatureScaling(new float[6], [2f, 2f, 2f, 2f, 2f, 2f]), Flat),
        ["Frozen"] = () => (new Frozen(new Sequential(new Linear(6, 3, random: new Random(1)), new TanH())), Flat),
    };

    public static TheoryData<string> Modules() => [.. Catalog.Keys];

    private static (Module Module, Func<Tensor> Input) Make(string name) => Catalog[name]();

    [Fact]
    public void EveryModuleTypeOfTheLibraryIsInTheCatalog()
    {
        var types = typeof(Module).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Module)) && !t.IsAbstract && t.IsPublic).Select(t => t.Name).Order();
        Assert.Equal(types, Catalog.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void BackwardOnAnotherBatchOfTheSameShapeIsRefused(string name)
    {
        var (module, input) = Make(name);
        Tensor first = input(), second = input();
        var delta = Tensor.Full(0.5f, module.Forward(first).Shape.ToArray());
        module.Forward(second);
        var e1 = Assert.Throws<BackwardInputException>(() => module.BackwardDelta(first, delta));
        Assert.Contains("not the input of the last forward pass", e1.Message);
        Assert.Throws<BackwardInputException>(() => module.BackwardUpdateGradient(first, delta));
        Assert.Throws<BackwardInputException>(() => module.Backward(first, delta));
        module.Backward(second, delta);   // the right input is accepted
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void BackwardBeforeAnyForwardIsRefused(string name)
    {
        var (module, input) = Make(name);
        var x = input();
        var shapeProbe = Make(name).Module.Forward(x).Shape.ToArray();
        var e = Assert.Throws<BackwardInputException>(() => module.BackwardDelta(x, Tensor.Full(1f, shapeProbe)));
        Assert.Contains("before any forward pass", e.Message);
    }

    [Fact]
    public void MaxPoolingNoLongerRedoesTheForwardPassInsideBackward()
    {
        var pool = new MaxPool2D(2, 2);
        var a = TestData.Distinct(3, 0.01f, 2, 4, 4, 1);
        var b = TestData.Distinct(4, 0.01f, 2, 4, 4, 1);
        var ya = pool.Forward(a).Clone();
        var buffer = pool.Forward(b);
        var yb = buffer.Clone();
        Assert.NotEqual(ya.Span.ToArray(), yb.Span.ToArray());
        Assert.Throws<BackwardInputException>(() => pool.BackwardDelta(a, Tensor.Full(1f, 2, 2, 2, 1)));
        // The refused call ran no hidden forward pass on a: the output buffer still holds b's maxima.
        Assert.Equal(yb.Span.ToArray(), buffer.Span.ToArray());
    }

    [Fact]
    public void ASequentialNamesTheChildWhenItsInputChangedUnderIt()
    {
        var net = new Sequential(new Linear(3, 2, random: new Random(1)), new ReLU());
        var x = TestData.Uniform(1, -1, 1, 5, 3);
        net.Forward(x);
        var inner = (Linear)net[0];
        inner.Forward(TestData.Uniform(2, -1, 1, 5, 3));   // someone ran the child alone in between
        var e = Assert.Throws<SequentialException>(() => net.Backward(x, Tensor.Full(1f, 5, 2)));
        Assert.Contains("module [0] Linear", e.Message);
        Assert.IsType<BackwardInputException>(e.InnerException);
    }

    [Fact]
    public void TrainingStepsStillWorkAndGradientsStillCheck()
    {
        var net = new Sequential(new Linear(4, 8, random: new Random(1)), new ReLU(), new Linear(8, 3, random: new Random(2)));
        var optim = new Optim(net, new CELogSoftmax(), 0.1f);
        var x = TestData.Uniform(5, -1, 1, 16, 4);
        var y = TestData.OneHot(6, 16, 3);
        float first = optim.Step(x, y);
        for (int i = 0; i < 30; i++) optim.Step(x, y);
        Assert.True(optim.Step(x, y) < first);
    }
}
