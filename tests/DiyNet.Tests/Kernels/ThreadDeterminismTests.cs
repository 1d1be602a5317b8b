using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Training;
using DiyNet;
using DiyNet.Kernels;
using Xunit;

namespace DiyNet.Tests.Kernels;

/// <summary>Training gives bit-identical weights whatever the number of kernel threads.</summary>
[Collection(KernelSettingsCollection.Name)]
[Trait(TestGroup.Name, TestGroup.Determinism)]
public class ThreadDeterminismTests
{
    private static float[] Train(int threads, int seed)
    {
        int saved = KernelSettings.MaxThreads;
        KernelSettings.MaxThreads = threads;
        try
        {
            var x = TestData.Uniform(seed, 0, 1, 512, 300);
            var y = TestData.OneHot(seed + 1, 512, 10);
            var net = new Sequential(new Linear(300, 256, random: new Random(seed + 2)), new ReLU(),
                new Linear(256, 128, random: new Random(seed + 3)), new TanH(), new Linear(128, 10, random: new Random(seed + 4)));
            Trainer.Train(net, new CELogSoftmax(), x, y, new TrainingOptions { BatchSize = 64, Epochs = 3, LearningRate = 0.05f, Seed = seed });
            return net.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
        }
        finally { KernelSettings.MaxThreads = saved; }
    }

    [Fact]
    public void OneAndTwoThreadsGiveBitIdenticalWeights()
    {
        const int seed = 21;
        float[] one = Train(1, seed), two = Train(2, seed);
        int first = Enumerable.Range(0, one.Length).FirstOrDefault(i => BitConverter.SingleToInt32Bits(one[i]) != BitConverter.SingleToInt32Bits(two[i]), -1);
        Assert.True(first < 0, $"seed {seed}: weight {first} is {(first < 0 ? 0 : one[first]):R} with 1 thread, {(first < 0 ? 0 : two[first]):R} with 2");
        Assert.False(one.AsSpan().SequenceEqual(Train(1, seed + 1)), "another seed should give other weights");
    }
}
