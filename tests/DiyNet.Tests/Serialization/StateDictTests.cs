using DiyNet.Modules;
using DiyNet.Tensors;
using Xunit;

namespace DiyNet.Tests.Serialization;

public class StateDictTests
{
    [Fact]
    public void NamesFollowTheContainersLikeATorchStateDict()
    {
        var net = new Sequential(new Linear(4, 3, random: new Random(1)), new ReLU(), new Linear(3, 2, bias: false, random: new Random(2)));
        Assert.Equal(["0.weight", "0.bias", "2.weight"], net.NamedParameters().Select(p => p.Name));
        Assert.Same(net.Parameters[2], net.NamedParameters()[^1].Parameter);

        var ae = AutoEncoder.Dense(6, [5], 3, [], random: new Random(3));
        Assert.Equal(["encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias", "decoder.0.weight", "decoder.0.bias"],
            ae.StateDict().Keys);
        Assert.Equal(["weight", "bias"], new Linear(2, 2).NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void LoadStateDictCopiesEveryTensor()
    {
        var a = new Sequential(new Linear(4, 3, random: new Random(1)), new TanH(), new Linear(3, 2, random: new Random(2)));
        var b = new Sequential(new Linear(4, 3, random: new Random(5)), new TanH(), new Linear(3, 2, random: new Random(6)));
        Assert.Empty(b.LoadStateDict(a.StateDict()));
        foreach (var (name, t) in a.StateDict()) Assert.Equal(t.Span.ToArray(), b.StateDict()[name].Span.ToArray());
    }

    [Fact]
    public void AStrictLoadListsEveryProblemAtOnceAndWritesNothing()
    {
        var net = new Sequential(new Linear(4, 3, random: new Random(1)), new ReLU(), new Linear(3, 2, random: new Random(2)));
        var before = net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Span.ToArray());
        var state = new Dictionary<string, Tensor>
        {
            ["0.weight"] = new Tensor(3, 4),          // transposed: a shape mismatch
            ["0.bias"] = Tensor.Full(7f, 3),          // fits, but must not be written
            ["2.weight"] = new Tensor(3, 2),
            ["9.weight"] = new Tensor(1),             // unexpected
        };                                            // 2.bias missing
        var e = Assert.Throws<StateDictException>(() => net.LoadStateDict(state));
        Assert.Equal(["2.bias"], e.Missing);
        Assert.Equal(["9.weight"], e.Unexpected);
        Assert.Single(e.ShapeMismatches);
        Assert.Contains("0.weight: expected (4, 3), got (3, 4)", e.Message);
        Assert.Contains("missing keys [2.bias]", e.Message);
        Assert.Contains("unexpected keys [9.weight]", e.Message);
        foreach (var (name, t) in net.StateDict()) Assert.Equal(before[name], t.Span.ToArray());
    }

    [Fact]
    public void ANonStrictLoadReturnsTheMissingKeysButStillRefusesWrongShapes()
    {
        var net = new Linear(2, 2, random: new Random(1));
        var missing = net.LoadStateDict(new Dictionary<string, Tensor> { ["weight"] = Tensor.Full(1f, 2, 2), ["other"] = new Tensor(1) }, strict: false);
        Assert.Equal(["bias"], missing);
        Assert.All(net.Weight.Value.Span.ToArray(), v => Assert.Equal(1f, v));
        Assert.Throws<StateDictException>(() => net.LoadStateDict(new Dictionary<string, Tensor> { ["weight"] = new Tensor(4) }, strict: false));
    }

    [Fact]
    public void BuffersArePartOfTheStateAndLoadWithIt()
    {
        var net = new Sequential(new Linear(2, 2, random: new Random(1)), new Counting());
        Assert.Equal(["0.weight", "0.bias", "1.count"], net.StateDict().Keys);
        var other = new Sequential(new Linear(2, 2, random: new Random(2)), new Counting());
        ((Counting)net[1]).Count.Span[0] = 42f;
        other.LoadStateDict(net.StateDict());
        Assert.Equal(42f, ((Counting)other[1]).Count.Span[0]);
    }

    /// <summary>A module with a buffer and no parameter.</summary>
    private sealed class Counting : Module
    {
        public Counting() => Count = AddBuffer("count", new Tensor(1));

        public Tensor Count { get; }

        public override Tensor Forward(Tensor input) => input;

        public override void BackwardUpdateGradient(Tensor input, Tensor delta)
        {
        }

        public override Tensor BackwardDelta(Tensor input, Tensor delta) => delta;
    }
}
