using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Training;
using DiyNet;
using DiyNet.Kernels;
using Xunit;

namespace DiyNet.Tests.Kernels;

/// <summary>Convolutional training gives bit-identical weights whatever the number of kernel threads: the chunked
/// kernels split the batch into parts fixed by the shapes and add their weight-gradient sums in part order.</summary>
[Collection(KernelSettingsCollection.Name)]
[Trait(TestGroup.Name, TestGroup.Determinism)]
public class ConvThreadDeterminismTests
{
    private static float[] Train(int threads, int seed)
    {
        int saved = KernelSettings.MaxThreads;
        KernelSettings.MaxThreads = threads;
        try
        {
            var x = TestData.Uniform(seed, 0, 1, 256, 16, 16, 1);
            var y = TestData.OneHot(seed + 1, 256, 10);
            var net = new Sequential(new Conv2D(3, 1, 16, padding: 1, random: new Random(seed + 2)), new ReLU(), new MaxPool2D(2),
                new Conv2D(3, 16, 8, random: new Random(seed + 3)), new ReLU(),
                new ConvTranspose2D(3, 8, 4, stride: 2, random: new Random(seed + 4)), new TanH(), new MaxPool2D(3),
                new Flatten(), new Linear(64, 10, random: new Random(seed + 5)));
            Trainer.Train(net, new CELogSoftmax(), x, y, new TrainingOptions { BatchSize = 64, Epochs = 2, LearningRate = 0.05f, Seed = seed });
            return net.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
        }
        finally { KernelSettings.MaxThreads = saved; }
    }

    [Fact]
    public void OneAndTwoThreadsGiveBitIdenticalWeights()
    {
        const int seed = 23;
        float[] one = Train(1, seed), two = Train(2, seed);
        int first = Enumerable.Range(0, one.Length).FirstOrDefault(i => BitConverter.SingleToInt32Bits(one[i]) != BitConverter.SingleToInt32Bits(two[i]), -1);
        Assert.True(first < 0, $"seed {seed}: weight {first} is {(first < 0 ? 0 : one[first]):R} with 1 thread, {(first < 0 ? 0 : two[first]):R} with 2");
    }
}
