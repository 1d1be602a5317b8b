using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using Xunit;

namespace DiyNet.Tests.Optimization;

/// <summary>The seam: every rule's state is named and restorable exactly; the step zeroes the gradients in every case.</summary>
public class UpdateRuleTests
{
    private static Sequential Net(int seed) =>
        new(new Linear(3, 4, random: new Random(seed)), new TanH(), new Linear(4, 2, random: new Random(seed + 1)));

    public static TheoryData<string> Rules => new(Factories.Keys);

    /// <summary>Every rule, with coefficients that exercise its options (weight decay, momentum), by name.</summary>
    internal static readonly Dictionary<string, UpdateRuleFactory> Factories = new()
    {
        ["Sgd"] = UpdateRules.Sgd(weightDecay: 0.01f),
        ["Momentum"] = UpdateRules.Momentum(0.9f),
        ["Nesterov"] = UpdateRules.Nesterov(0.8f, weightDecay: 0.001f),
        ["Adam"] = UpdateRules.Adam(),
        ["AdamW"] = UpdateRules.AdamW(weightDecay: 0.1f),
        ["RMSprop"] = UpdateRules.RMSprop(momentum: 0.5f),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void ASavedStateResumesBitIdentically(string name)
    {
        const int seed = 4;
        var x = TestData.Uniform(seed, -1, 1, 8, 3);
        var y = TestData.Uniform(seed + 1, -1, 1, 8, 2);
        var straight = new Optim(Net(seed), new MSELoss(), 0.01f, Factories[name]);
        for (int i = 0; i < 6; i++) straight.Step(x, y);

        var first = new Optim(Net(seed), new MSELoss(), 0.01f, Factories[name]);
        for (int i = 0; i < 3; i++) first.Step(x, y);
        var weights = first.Net.Parameters.Select(p => p.Value.Clone()).ToArray();
        var state = first.Rule.State.Select(s => (s.Name, s.Value.Clone())).ToArray();

        var resumed = new Optim(Net(seed + 100), new MSELoss(), 0.01f, Factories[name]);
        for (int i = 0; i < weights.Length; i++) resumed.Net.Parameters[i].Value.CopyFrom(weights[i]);
        resumed.Rule.LoadState(state, first.Rule.StepCount);
        for (int i = 0; i < 3; i++) resumed.Step(x, y);

        Assert.Equal(straight.Steps, resumed.Steps);
        for (int i = 0; i < weights.Length; i++)
            Assert.Equal(straight.Net.Parameters[i].Value.Span.ToArray(), resumed.Net.Parameters[i].Value.Span.ToArray());
    }

    [Fact]
    public void StateNamesFollowPyTorch()
    {
        var net = Net(1);
        Assert.Empty(new Sgd(net.Parameters, 0.1f).State);
        Assert.Equal(["0.momentum_buffer", "1.momentum_buffer", "2.momentum_buffer", "3.momentum_buffer"],
            new MomentumSgd(net.Parameters, 0.1f).State.Select(s => s.Name));
        Assert.Equal(["0.exp_avg", "1.exp_avg", "2.exp_avg", "3.exp_avg", "0.exp_avg_sq", "1.exp_avg_sq", "2.exp_avg_sq", "3.exp_avg_sq"],
            new AdamW(net.Parameters).State.Select(s => s.Name));
        Assert.Equal(["0.square_avg", "1.square_avg", "2.square_avg", "3.square_avg"], new RMSprop(net.Parameters).State.Select(s => s.Name));
        var adam = new Adam(net.Parameters);
        Assert.Equal("(3, 4)", adam.State[0].Value.ShapeString);
        Assert.Equal("(2)", adam.State[7].Value.ShapeString);
    }

    [Fact]
    public void LoadStateListsEveryProblem()
    {
        var rule = new MomentumSgd(Net(1).Parameters, 0.1f);
        var bad = new (string, Tensor)[]
        {
            ("0.momentum_buffer", new Tensor(3, 4)),
            ("1.momentum_buffer", new Tensor(5)),
            ("3.momentum_buffer", new Tensor(2)),
            ("4.momentum_buffer", new Tensor(1)),
        };
        var e = Assert.Throws<ArgumentException>(() => rule.LoadState(bad, 3));
        Assert.Contains("missing \"2.momentum_buffer\" (4, 2)", e.Message);
        Assert.Contains("\"1.momentum_buffer\" has shape (5), expected (4)", e.Message);
        Assert.Contains("unexpected \"4.momentum_buffer\"", e.Message);
        Assert.Equal(0, rule.StepCount);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void GradientsAreZeroAfterEveryStepEvenAFailedOne(string name)
    {
        var net = Net(2);
        var optim = new Optim(net, new MSELoss(), 0.01f, Factories[name]);
        var x = TestData.Uniform(2, -1, 1, 5, 3);
        optim.Step(x, TestData.Uniform(3, -1, 1, 5, 2));
        Assert.All(net.Parameters, p => Assert.Equal(0f, p.Gradient.Span.ToArray().Max(MathF.Abs)));

        // A gradient that overflows (finite loss, infinite gradient) is refused and still zeroed.
        var huge = Tensor.Full(1e30f, 5, 2);
        Assert.Throws<TrainingDivergedException>(() => optim.Step(x, huge));
        Assert.All(net.Parameters, p => Assert.Equal(0f, p.Gradient.Span.ToArray().Max(MathF.Abs)));
        Assert.Equal(1, optim.Steps);
    }

    [Fact]
    public void ARuleOverOtherParametersIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new Optim(Net(1), new MSELoss(), new Sgd(Net(2).Parameters, 0.1f)));
        Assert.Contains("not the network's 4", e.Message);
    }

    [Fact]
    public void ToStringShowsTheSettings()
    {
        var p = Net(1).Parameters;
        Assert.Equal("Sgd(lr 0.05)", new Sgd(p, 0.05f).ToString());
        Assert.Equal("MomentumSgd(lr 0.1, momentum 0.9, weight decay 0.0005)", new MomentumSgd(p, 0.1f, 0.9f, 5e-4f).ToString());
        Assert.Equal("AdamW(lr 0.001, betas (0.9, 0.999), eps 1E-08, weight decay 0.01)", new AdamW(p).ToString());
        Assert.Equal("RMSprop(lr 0.01, alpha 0.99, eps 1E-08)", new RMSprop(p).ToString());
    }
}
