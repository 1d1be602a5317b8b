using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using DiyNet.Training;
using Xunit;

namespace DiyNet.Tests.Training;

/// <summary>
/// In steady state the toolkit's modules (normalization, dropout, the new activations) and update rules allocate
/// nothing per step, over the full batches of an epoch and its smaller last batch, in training and evaluation mode.
/// </summary>
public class ToolkitAllocationTests
{
    private const int Steps = 100;

    // Total bytes allowed over all measured steps: any object allocated per step (24 bytes at least) exceeds it.
    private const long Allowance = 1024;

    public static TheoryData<string, bool> ModuleNames
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (string name in Cases.Keys)
            {
                data.Add(name, true);
                data.Add(name, false);
            }
            return data;
        }
    }

    private static readonly Dictionary<string, Func<(Module Module, int[] ExampleShape)>> Cases = new()
    {
        ["BatchNorm2D"] = () => (new BatchNorm2D(16), [7, 7, 16]),
        ["BatchNorm1D"] = () => (new BatchNorm1D(40), [40]),
        ["LayerNorm"] = () => (new LayerNorm(24), [24]),
        ["Dropout"] = () => (new Dropout(0.3f, new Random(1)), [50]),
        ["Dropout2D"] = () => (new Dropout2D(0.2f, new Random(2)), [5, 5, 8]),
        ["ELU"] = () => (new ELU(), [30]),
        ["GELU"] = () => (new GELU(), [30]),
        ["SiLU"] = () => (new SiLU(), [30]),
        ["Softplus"] = () => (new Softplus(), [30]),
    };

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void StepsAllocateNothing(string name, bool training)
    {
        var (module, shape) = Cases[name]();
        module.Train(training);
        const int batch = 8;
        int rows = 12 * batch + 3;
        var data = TestData.Uniform(13, 0, 1, [rows, .. shape]);
        var batches = new BatchIterator(data, new Tensor(rows, 1), batch, shuffle: true, new Random(14));
        int[] deltaShape = module.Forward(TestData.Uniform(15, 0, 1, [batch, .. shape])).Shape.ToArray();
        var deltaValues = TestData.Uniform(16, -1, 1, deltaShape);
        Tensor? delta = null;
        int Epoch()
        {
            int steps = 0;
            foreach (var (bx, _) in batches.Epoch())
            {
                deltaShape[0] = bx.Dim(0);
                var d = Tensor.Ensure(ref delta, deltaShape);
                deltaValues.Span.Slice(0, d.Length).CopyTo(d.Span);
                module.Forward(bx);
                module.Backward(bx, d);
                steps++;
            }
            return steps;
        }
        Epoch();
        var (allocated, steps) = Fewest(() =>
        {
            int steps = 0;
            while (steps < Steps) steps += Epoch();
            return steps;
        });
        Assert.True(allocated <= Allowance, $"{name} (training {training}): {allocated} bytes over {steps} steps ({(double)allocated / steps:F1} per step)");
    }

    public static TheoryData<string> RuleNames => new(Rules.Keys);

    private static readonly Dictionary<string, (UpdateRuleFactory Rule, GradientClipping? Clipping)> Rules = new()
    {
        ["Nesterov + clip by value"] = (UpdateRules.Nesterov(0.9f, weightDecay: 1e-4f), new ClipGradientValue(0.5f)),
        ["AdamW + clip by norm"] = (UpdateRules.AdamW(weightDecay: 0.05f), new ClipGradientNorm(1f)),
        ["RMSprop with momentum"] = (UpdateRules.RMSprop(momentum: 0.9f), null),
        ["Adam with L2"] = (UpdateRules.Adam(weightDecay: 1e-3f), null),
    };

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void AModernNetworkTrainsWithoutAllocating(string name)
    {
        var net = new Sequential(new Conv2D(3, 1, 8, padding: 1, random: new Random(1)), new BatchNorm2D(8), new GELU(),
            new MaxPool2D(2), new Dropout2D(0.1f, new Random(2)), new Flatten(), new Linear(4 * 4 * 8, 16, random: new Random(3)),
            new LayerNorm(16), new SiLU(), new Dropout(0.3f, new Random(4)), new Linear(16, 4, random: new Random(5)));
        var (rule, clipping) = Rules[name];
        var optim = new Optim(net, new CELogSoftmax(), 0.01f, rule) { Clipping = clipping };
        var batches = new BatchIterator(TestData.Uniform(6, 0, 1, 403, 8, 8, 1), TestData.OneHot(7, 403, 4), 8, shuffle: true, new Random(8));
        foreach (var (bx, by) in batches.Epoch()) optim.Step(bx, by);
        var (allocated, steps) = Fewest(() =>
        {
            int steps = 0;
            foreach (var (bx, by) in batches.Epoch())
            {
                optim.Step(bx, by);
                steps++;
            }
            return steps;
        });
        Assert.True(allocated <= Allowance, $"{name}: {allocated} bytes over {steps} steps ({(double)allocated / steps:F1} per step)");
    }

    // The fewest bytes this thread allocated over three runs (a collection started by a parallel test can charge this
    // thread once; a per-step allocation shows in every run).
    private static (long Bytes, int Steps) Fewest(Func<int> run)
    {
        long fewest = long.MaxValue;
        int steps = 0;
        for (int i = 0; i < 3; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            steps = run();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return (fewest, steps);
    }
}
