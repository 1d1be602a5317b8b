using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet.Training;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Training;

public class BatchTransformTests
{
    private static (List<double> Draws, int Calls, float[] Weights) Run(int seed, Tensor x, Tensor y)
    {
        var draws = new List<double>();
        int calls = 0;
        var net = new Sequential(new Linear(4, 2, random: new Random(seed)));
        Trainer.Train(net, new MSELoss(), x, y, new TrainingOptions
        {
            BatchSize = 8, Epochs = 3, LearningRate = 0.05f, Seed = seed,
            BatchTransform = (bx, by, random) =>
            {
                calls++;
                draws.Add(random.NextDouble());
                bx.Span.Fill(0f);   // in place: the step sees only zeros, so only the bias can learn
                Assert.Equal(bx.Dim(0), by.Dim(0));
            },
        });
        return (draws, calls, net.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray());
    }

    [Fact]
    public void HookRunsOnEveryBatchInPlaceDeterministically()
    {
        const int seed = 4;
        var x = TestData.Uniform(seed, -1, 1, 20, 4);
        var y = TestData.Uniform(seed + 1, -1, 1, 20, 2);
        var original = x.Span.ToArray();
        var initial = new Linear(4, 2, random: new Random(seed));
        var initialWeight = initial.Parameters[0].Value.Span.ToArray();

        var a = Run(seed, x, y);
        Assert.Equal(3 * 3, a.Calls);                                     // 20 rows in batches of 8: 3 batches × 3 epochs
        Assert.True(x.Span.SequenceEqual(original), $"seed {seed}: the training data was modified");
        Assert.Equal(initialWeight, a.Weights[..initialWeight.Length]);  // zero inputs: no gradient on W
        Assert.NotEqual(initial.Parameters[1].Value.Span.ToArray(), a.Weights[initialWeight.Length..]);

        var b = Run(seed, x, y);
        Assert.Equal(a.Draws, b.Draws);
        Assert.Equal(a.Weights, b.Weights);
        Assert.NotEqual(a.Draws, Run(seed + 1, x, y).Draws);
    }
}
