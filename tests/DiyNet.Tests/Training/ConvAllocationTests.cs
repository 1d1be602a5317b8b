using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using DiyNet.Training;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Training;

/// <summary>
/// In steady state the convolution, pooling, upsampling and reshaping modules allocate nothing: they reuse their
/// buffers and scratch, across the full batches of an epoch and its smaller last batch (which the BatchIterator
/// gives in a buffer of its own); so do whole convolutional networks trained by <see cref="Optim"/>.
/// </summary>
public class ConvAllocationTests
{
    private const int Steps = 100;

    // Total bytes allowed over all measured steps: any object allocated per step (24 bytes at least) exceeds it.
    private const long Allowance = 1024;

    public static TheoryData<string> ModuleNames => new(Cases.Keys);

    private static readonly Dictionary<string, Func<(Module Module, int[] ExampleShape)>> Cases = new()
    {
        ["Conv2D 5×5, padding 2"] = () => (new Conv2D(5, 1, 6, padding: 2, random: new Random(1)), [28, 28, 1]),
        ["Conv2D 3×3, stride 2"] = () => (new Conv2D(3, 6, 16, stride: 2, random: new Random(2)), [13, 13, 6]),
        ["Conv2D 1×1"] = () => (new Conv2D(1, 8, 4, random: new Random(3)), [5, 5, 8]),
        ["Conv1D k3"] = () => (new Conv1D(3, 1, 32, random: new Random(4)), [256, 1]),
        ["ConvTranspose2D stride 2"] = () => (new ConvTranspose2D(3, 4, 1, stride: 2, padding: 1, outputPadding: 1, random: new Random(5)), [4, 4, 4]),
        ["ConvTranspose1D"] = () => (new ConvTranspose1D(3, 2, 3, stride: 2, random: new Random(6)), [9, 2]),
        ["MaxPool2D, 6 channels"] = () => (new MaxPool2D(2), [28, 28, 6]),
        ["MaxPool2D, 16 channels"] = () => (new MaxPool2D(3, 2), [9, 9, 16]),
        ["MaxPool1D"] = () => (new MaxPool1D(2, 2), [254, 32]),
        ["AvgPool2D"] = () => (new AvgPool2D(2), [8, 8, 3]),
        ["AvgPool1D"] = () => (new AvgPool1D(3, 1), [10, 2]),
        ["Upsample2D"] = () => (new Upsample2D(2), [4, 4, 3]),
        ["Upsample1D"] = () => (new Upsample1D(3), [5, 2]),
        ["Flatten"] = () => (new Flatten(), [5, 5, 16]),
        ["Unflatten"] = () => (new Unflatten(16, 16, 1), [256]),
    };

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void StepsAllocateNothing(string name)
    {
        var (module, shape) = Cases[name]();
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
                // δ in one reused buffer, as a module's gradient buffer (smaller for the last batch).
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
        Assert.True(allocated <= Allowance, $"{name}: {allocated} bytes over {steps} steps ({(double)allocated / steps:F1} per step)");
    }

    public static TheoryData<string> NetworkNames => new(Networks.Keys);

    private static readonly Dictionary<string, Func<(Module Net, Loss Loss, Tensor X, Tensor Y)>> Networks = new()
    {
        ["LeNet-5 (workload d) + CELogSoftmax"] = () => (
            new Sequential(new Conv2D(5, 1, 6, padding: 2, random: new Random(1)), new ReLU(), new MaxPool2D(2),
                new Conv2D(5, 6, 16, random: new Random(2)), new ReLU(), new MaxPool2D(2), new Flatten(),
                new Linear(400, 120, random: new Random(3)), new ReLU(), new Linear(120, 84, random: new Random(4)), new ReLU(),
                new Linear(84, 10, random: new Random(5))),
            new CELogSoftmax(), TestData.Uniform(6, 0, 1, 1603, 28, 28, 1), TestData.OneHot(7, 1603, 10)),
        ["Conv1D net (workload f), Gemm path + CELogSoftmax"] = () => (
            new Sequential(new Conv1D(3, 1, 32, random: new Random(8)) { ForceGemmPath = true }, new MaxPool1D(2, 2), new Flatten(),
                new Linear(32 * 127, 100, random: new Random(9)), new ReLU(), new Linear(100, 10, random: new Random(10))),
            new CELogSoftmax(), TestData.Uniform(11, 0, 1, 803, 256, 1), TestData.OneHot(12, 803, 10)),
        ["Conv autoencoder + BCE"] = () =>
        {
            var x = TestData.Uniform(13, 0, 1, 803, 64);
            return (new Sequential(new Unflatten(8, 8, 1), new Conv2D(3, 1, 8, stride: 2, padding: 1, random: new Random(14)), new TanH(),
                new ConvTranspose2D(3, 8, 1, stride: 2, padding: 1, outputPadding: 1, random: new Random(15)), new Sigmoid(), new Flatten()),
                new BCELoss(), x, x);
        },
    };

    [Theory]
    [MemberData(nameof(NetworkNames))]
    public void OptimStepsAllocateNothing(string name)
    {
        var (net, loss, x, y) = Networks[name]();
        var optim = new Optim(net, loss, 0.01f);
        // 100 full batches of 8 and a last batch of 3 per epoch.
        var batches = new BatchIterator(x, y, 8, shuffle: true, new Random(16));
        foreach (var (bx, by) in batches.Epoch()) optim.Step(bx, by);   // warm-up: buffers, JIT, worker threads
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

    // The fewest bytes this thread allocated over three runs of the steps. A garbage collection started by a test
    // running in parallel can charge this thread with the unused rest of its allocation buffer (about 8 KB) once;
    // a module that allocates per step does so in every run.
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
