using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using DiyNet.Training;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Training;

/// <summary>A training step in steady state allocates nothing: modules, losses, the optimizer and the kernels reuse their buffers.</summary>
public class AllocationTests
{
    private const int Steps = 100;

    // Total bytes allowed over all measured steps: any object allocated per step (24 bytes at least) exceeds it.
    private const long Allowance = 1024;

    public static TheoryData<string> Networks => new(Cases.Keys);

    private static readonly Dictionary<string, Func<(Module Net, Loss Loss, Tensor X, Tensor Y)>> Cases = new()
    {
        // Products large enough to run on several threads, and every GEMM transpose case.
        ["MLP ReLU + CELogSoftmax"] = () => (
            new Sequential(new Linear(200, 256, random: new Random(1)), new ReLU(), new Linear(256, 64, random: new Random(2)),
                new ReLU(), new Linear(64, 10, random: new Random(3))),
            new CELogSoftmax(), TestData.Uniform(4, 0, 1, 6400, 200), TestData.OneHot(5, 6400, 10)),
        ["Autoencoder TanH/Sigmoid + BCE"] = () =>
        {
            var x = TestData.Uniform(6, 0, 1, 3200, 64);
            return (new Sequential(new Linear(64, 20, random: new Random(7)), new TanH(), new Linear(20, 64, random: new Random(8)), new Sigmoid()),
                new BCELoss(), x, x);
        },
        ["MLP LeakyReLU/Softmax + MSE, batch of one row"] = () => (
            new Sequential(new Linear(8, 16, random: new Random(9)), new LeakyReLU(), new Linear(16, 3, random: new Random(10)), new Softmax()),
            new MSELoss(), TestData.Uniform(11, -1, 1, 100, 8), TestData.Uniform(12, 0, 1, 100, 3)),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void OptimStepsAllocateNothing(string name)
    {
        var (net, loss, x, y) = Cases[name]();
        int batch = x.Dim(0) / Steps;
        var optim = new Optim(net, loss, 0.01f);
        var batches = new BatchIterator(x, y, batch, shuffle: true, new Random(13));
        foreach (var (bx, by) in batches.Epoch()) optim.Step(bx, by);   // warm-up: buffers, JIT, worker threads

        // The fewest bytes over three epochs: an allocation per step shows in every epoch, while a one-off charge
        // to this thread from elsewhere (tests run in parallel) cannot hide one.
        long allocated = long.MaxValue;
        int steps = 0;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            steps = 0;
            foreach (var (bx, by) in batches.Epoch())
            {
                optim.Step(bx, by);
                steps++;
            }
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(Steps, steps);
        Assert.True(allocated <= Allowance, $"{name}: {allocated} bytes over {steps} steps ({(double)allocated / steps:F1} per step)");
    }

    [Fact]
    public void ForwardPassesAllocateNothing()
    {
        var net = new Sequential(new Linear(784, 256, random: new Random(1)), new ReLU(), new Linear(256, 10, random: new Random(2)));
        var one = TestData.Uniform(3, 0, 1, 1, 784);
        var many = TestData.Uniform(4, 0, 1, 256, 784);
        net.Forward(one);
        net.Forward(many);
        long allocated = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Steps; i++)
            {
                net.Forward(one);
                net.Forward(many);
            }
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.True(allocated <= Allowance, $"{allocated} bytes over {2 * Steps} forward passes");
    }
}
