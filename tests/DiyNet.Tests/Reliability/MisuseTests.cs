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

    public static TheoryData<string> Modules() => ["Linear", "ReLU", "Sigmoid", "Softmax", "MaxPool1D", "AvgPool1D", "Conv1D",
        "ConvTranspose1D", "Upsample1D", "Flatten", "Sequential", "AutoEncoder"];

    private static (Module Module, Func<Tensor> Input) Make(string name) => name switch
    {
        "Linear" => (new Linear(6, 3, random: new Random(1)), () => TestData.Uniform(2, -1, 1, 4, 6)),
        "ReLU" => (new ReLU(), () => TestData.Uniform(2, -1, 1, 4, 6)),
        "Sigmoid" => (new Sigmoid(), () => TestData.Uniform(2, -1, 1, 4, 6)),
        "Softmax" => (new Softmax(), () => TestData.Uniform(2, -1, 1, 4, 6)),
        "MaxPool1D" => (new MaxPool1D(2, 2), () => TestData.Distinct(2, 0.01f, 4, 6, 2)),
        "AvgPool1D" => (new AvgPool1D(2, 2), () => TestData.Uniform(2, -1, 1, 4, 6, 2)),
        "Conv1D" => (new Conv1D(3, 2, 3, random: new Random(1)), () => TestData.Uniform(2, -1, 1, 4, 6, 2)),
        "ConvTranspose1D" => (new ConvTranspose1D(3, 2, 3, random: new Random(1)), () => TestData.Uniform(2, -1, 1, 4, 6, 2)),
        "Upsample1D" => (new Upsample1D(2), () => TestData.Uniform(2, -1, 1, 4, 6, 2)),
        "Flatten" => (new Flatten(), () => TestData.Uniform(2, -1, 1, 4, 6, 2)),
        "Sequential" => (new Sequential(new Linear(6, 5, random: new Random(1)), new TanH(), new Linear(5, 3, random: new Random(2))),
            () => TestData.Uniform(2, -1, 1, 4, 6)),
        "AutoEncoder" => (AutoEncoder.Dense(6, [], 2, [], random: new Random(1)), () => TestData.Uniform(2, 0, 1, 4, 6)),
        _ => throw new ArgumentException(name),
    };

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
