using DiyNet.Kernels;
using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using Xunit;

namespace DiyNet.Tests.Optimization;

/// <summary>
/// The update runs in ranges of consecutive values on the kernel threads (<see cref="ParameterRanges"/>): every rule
/// gives the same bits on one and two threads and the bits of the whole-parameter formula, a NaN in any range stops the
/// step before a weight moves, the gradients end at zero, and an exception thrown by a rule on a worker thread reaches
/// the caller.
/// </summary>
[Collection(DiyNet.Tests.Kernels.KernelSettingsCollection.Name)]
[Trait(TestGroup.Name, TestGroup.Determinism)]
public class ParameterRangesTests
{
    public static TheoryData<string> Rules => new(Factories.Keys);

    private static Dictionary<string, UpdateRuleFactory> Factories => UpdateRuleTests.Factories;

    // 300·200 = 60,000 weights: four ranges, the last one short, and a bias of one range.
    private static Sequential Net() => new(new Linear(300, 200, random: new Random(5)), new TanH(), new Linear(200, 3, random: new Random(6)));

    [Theory]
    [MemberData(nameof(Rules))]
    public void EveryRuleGivesTheSameBitsOnOneAndTwoThreadsAsOverWholeParameters(string name)
    {
        var x = TestData.Uniform(7, -1, 1, 16, 300);
        var y = TestData.Uniform(8, -1, 1, 16, 3);
        float[][] Train(int threads, int rangeFloats)
        {
            int saved = KernelSettings.MaxThreads;
            try
            {
                KernelSettings.MaxThreads = threads;
                var optim = new Optim(Net(), new MSELoss(), 0.01f, Factories[name]);
                optim.Rule.RangeFloats = rangeFloats;
                for (int i = 0; i < 4; i++) optim.Step(x, y);
                Assert.All(optim.Net.Parameters, p => Assert.True(p.Gradient.Span.IndexOfAnyExcept(0f) < 0, $"{p}: gradient not zeroed"));
                return [.. optim.Net.Parameters.Select(p => p.Value.Span.ToArray())];
            }
            finally
            {
                KernelSettings.MaxThreads = saved;
            }
        }
        var one = Train(1, ParameterRanges.DefaultRangeFloats);
        var two = Train(2, ParameterRanges.DefaultRangeFloats);
        // Each parameter as one range: a range of consecutive values is updated value by value as the whole parameter is.
        var whole = Train(1, int.MaxValue);
        var odd = Train(2, 1000);
        for (int i = 0; i < one.Length; i++)
        {
            Assert.Equal(one[i], two[i]);
            Assert.Equal(whole[i], one[i]);
            Assert.Equal(whole[i], odd[i]);
        }
    }

    [Theory]
    [InlineData(0, 59_999)]
    [InlineData(0, 20_000)]
    [InlineData(1, 199)]
    public void ANaNInAnyRangeStopsTheStepBeforeAWeightMoves(int parameter, int position)
    {
        int saved = KernelSettings.MaxThreads;
        try
        {
            KernelSettings.MaxThreads = 2;
            var optim = new Optim(Net(), new MSELoss(), 0.01f, UpdateRules.Adam());
            var before = optim.Net.Parameters.Select(p => p.Value.Span.ToArray()).ToArray();
            foreach (var p in optim.Net.Parameters) p.Gradient.Span.Fill(0.5f);
            optim.Net.Parameters[parameter].Gradient.Span[position] = float.NaN;
            var e = Assert.Throws<TrainingDivergedException>(optim.Update);
            Assert.StartsWith($"Optim: the gradient of parameter {parameter} (", e.Message);
            for (int i = 0; i < before.Length; i++)
            {
                Assert.Equal(before[i], optim.Net.Parameters[i].Value.Span.ToArray());
                Assert.True(optim.Net.Parameters[i].Gradient.Span.IndexOfAnyExcept(0f) < 0);
            }
            Assert.Equal(0, optim.Rule.StepCount);
        }
        finally
        {
            KernelSettings.MaxThreads = saved;
        }
    }

    [Fact]
    public void AnExceptionThrownByARuleOnAWorkerThreadReachesTheCaller()
    {
        int saved = KernelSettings.MaxThreads;
        try
        {
            KernelSettings.MaxThreads = 2;
            var net = Net();
            var rule = new FailingRule(net.Parameters);
            var optim = new Optim(net, new MSELoss(), rule);
            var e = Assert.Throws<InvalidOperationException>(optim.Update);
            Assert.Equal("FailingRule: range at 49152", e.Message);
            Assert.All(net.Parameters, p => Assert.True(p.Gradient.Span.IndexOfAnyExcept(0f) < 0));
        }
        finally
        {
            KernelSettings.MaxThreads = saved;
        }
    }

    private sealed class FailingRule(IReadOnlyList<Parameter> parameters) : UpdateRule(parameters, 0.1f, 0f)
    {
        protected override void Update(int index, int offset, Span<float> value, Span<float> gradient)
        {
            if (offset == 3 * ParameterRanges.DefaultRangeFloats) throw new InvalidOperationException($"FailingRule: range at {offset}");
        }
    }
}
