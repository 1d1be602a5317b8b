using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet.Training;
using Xunit;

namespace DiyNet.Tests.Modules;

/// <summary>Training and evaluation modes reach every child; buffers are named by their dotted path.</summary>
public class ModeAndBufferTests
{
    /// <summary>A parameter-free identity that records the mode it ran in and owns one buffer.</summary>
    private sealed class Probe : Module
    {
        public Probe() => Count = AddBuffer("count", new Tensor(1));

        public Tensor Count { get; }

        public bool? RanInTraining { get; private set; }

        public override Tensor Forward(Tensor input)
        {
            RanInTraining = IsTraining;
            Count.Span[0]++;
            return input;
        }

        public override void BackwardUpdateGradient(Tensor input, Tensor delta) { }

        public override Tensor BackwardDelta(Tensor input, Tensor delta) => delta;
    }

    [Fact]
    public void TrainAndEvalReachEveryChild()
    {
        var probe = new Probe();
        var inner = new Sequential(new Linear(2, 2, random: new Random(1)), probe);
        var net = new AutoEncoder(inner, new Sequential(new Linear(2, 2, random: new Random(2))));
        Assert.True(probe.IsTraining);
        net.Eval();
        Assert.False(net.IsTraining);
        Assert.False(inner.IsTraining);
        Assert.False(probe.IsTraining);
        net.Train();
        Assert.True(probe.IsTraining);
    }

    [Fact]
    public void EvaluatorPredictsInEvaluationModeAndRestoresTheMode()
    {
        var probe = new Probe();
        var net = new Sequential(new Linear(2, 3, random: new Random(1)), probe);
        var x = TestData.Uniform(1, -1, 1, 4, 2);
        Evaluator.Predict(net, x);
        Assert.False(probe.RanInTraining);
        Assert.True(net.IsTraining);
        Assert.True(probe.IsTraining);

        net.Eval();
        Evaluator.Predict(net, x);
        Assert.False(probe.IsTraining);
    }

    [Fact]
    public void BuffersHaveDottedNames()
    {
        var a = new Probe();
        var b = new Probe();
        var net = new AutoEncoder(new Sequential(new Linear(2, 2, random: new Random(1)), a), new Sequential(new Sequential(b)));
        var buffers = net.NamedBuffers();
        Assert.Equal(["encoder.1.count", "decoder.0.0.count"], buffers.Select(n => n.Name));
        Assert.Same(a.Count, buffers[0].Value);
        Assert.Same(b.Count, buffers[1].Value);
        Assert.Empty(new Linear(2, 2).NamedBuffers());
    }
}
