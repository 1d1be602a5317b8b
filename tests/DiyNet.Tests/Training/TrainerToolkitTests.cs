using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using DiyNet.Training;
using Xunit;

namespace DiyNet.Tests.Training;

/// <summary>The Trainer's schedules, clipping and early stopping with the best weights restored.</summary>
public class TrainerToolkitTests
{
    private static (Tensor X, Tensor Y) Quadrants(int seed, int n)
    {
        var x = TestData.Uniform(seed, -1, 1, n, 2);
        var y = new Tensor(n, 2);
        for (int i = 0; i < n; i++) y[i, x[i, 0] * x[i, 1] > 0 ? 1 : 0] = 1f;
        return (x, y);
    }

    private static Sequential Net(int seed) => new(new Linear(2, 16, random: new Random(seed)), new TanH(), new Linear(16, 2, random: new Random(seed + 1)));

    [Fact]
    public void AnEpochScheduleSetsTheRateOfEachEpoch()
    {
        var (x, y) = Quadrants(1, 64);
        var history = Trainer.Train(Net(1), new CELogSoftmax(), x, y, new TrainingOptions
        {
            BatchSize = 16, Epochs = 5, LearningRate = 0.1f, Seed = 1, Schedule = new StepSchedule(2, 0.5f),
        });
        Assert.Equal([0.1f, 0.1f, 0.05f, 0.05f, 0.025f], history.Epochs.Select(e => e.LearningRate!.Value));
    }

    [Fact]
    public void ABatchScheduleStepsEveryBatch()
    {
        var (x, y) = Quadrants(2, 64);
        var schedule = new OneCycleSchedule(totalSteps: 12);
        var history = Trainer.Train(Net(2), new CELogSoftmax(), x, y, new TrainingOptions
        {
            BatchSize = 16, Epochs = 3, LearningRate = 0.2f, Seed = 2, Schedule = schedule, ScheduleInterval = ScheduleInterval.Batch,
        });
        Assert.Equal(12, schedule.StepCount);
        Assert.Equal(0.2f / 25, history.Epochs[0].LearningRate!.Value, 6);
        Assert.True(history.Epochs[1].LearningRate > 0.1f);
    }

    [Fact]
    public void PlateauWatchesTheValidationLoss()
    {
        var (x, y) = Quadrants(3, 64);
        var schedule = new ReduceOnPlateau(factor: 0.5f, patience: 0, threshold: 10f);   // nothing ever counts as better
        var history = Trainer.Train(Net(3), new CELogSoftmax(), x, y, new TrainingOptions
        {
            BatchSize = 16, Epochs = 4, LearningRate = 0.1f, Seed = 3, Schedule = schedule, ValidationX = x, ValidationY = y,
        });
        Assert.Equal([0.1f, 0.05f, 0.025f, 0.0125f], history.Epochs.Select(e => e.LearningRate!.Value));
    }

    [Fact]
    public void EarlyStoppingRestoresTheBestEpoch()
    {
        var (x, y) = Quadrants(4, 200);
        var (vx, vy) = Quadrants(5, 100);
        var net = Net(4);
        // A learning rate that overshoots from the first epochs: the validation loss gets worse, training stops.
        var history = Trainer.Train(net, new CELogSoftmax(), x, y, new TrainingOptions
        {
            BatchSize = 8, Epochs = 200, LearningRate = 0.5f, Rule = UpdateRules.Momentum(0.9f), Seed = 4,
            ValidationX = vx, ValidationY = vy, EarlyStopping = new EarlyStopping { Patience = 3 },
        });
        Assert.True(history.StoppedEarly);
        int best = history.BestEpoch!.Value;
        Assert.Equal(best + 3, history.Epochs.Count);
        Assert.True(history.RestoredBestWeights);
        float bestLoss = history.Epochs[best - 1].ValidationLoss!.Value;
        Assert.Equal(history.Epochs.Min(e => e.ValidationLoss!.Value), bestLoss);
        Assert.Equal(bestLoss, Evaluator.Evaluate(net, new CELogSoftmax(), vx, vy).Loss, 5);
    }

    [Fact]
    public void EarlyStoppingOnAccuracyKeepsBatchNormStatisticsOfTheBestEpoch()
    {
        var (x, y) = Quadrants(6, 128);
        var net = new Sequential(new Linear(2, 16, random: new Random(6)), new BatchNorm1D(16), new TanH(), new Linear(16, 2, random: new Random(7)));
        var history = Trainer.Train(net, new CELogSoftmax(), x, y, new TrainingOptions
        {
            BatchSize = 16, Epochs = 12, LearningRate = 0.05f, Seed = 6, ValidationX = x, ValidationY = y,
            EarlyStopping = new EarlyStopping { Monitor = MonitoredMetric.ValidationAccuracy, Patience = 100 },
        });
        int best = history.BestEpoch!.Value;
        Assert.Equal(history.Epochs.Max(e => e.ValidationAccuracy!.Value), history.Epochs[best - 1].ValidationAccuracy);
        Assert.Equal(history.Epochs[best - 1].ValidationAccuracy!.Value, Evaluator.Evaluate(net, new CELogSoftmax(), x, y).Accuracy);
    }

    [Fact]
    public void InvalidCombinationsAreRefused()
    {
        var (x, y) = Quadrants(7, 16);
        var e = Assert.Throws<ArgumentException>(() => Trainer.Train(Net(7), new CELogSoftmax(), x, y,
            new TrainingOptions { EarlyStopping = new EarlyStopping() }));
        Assert.Contains("validation data", e.Message);
        e = Assert.Throws<ArgumentException>(() => Trainer.Train(Net(7), new CELogSoftmax(), x, y,
            new TrainingOptions { Schedule = new ExponentialSchedule(0.9f), LearningRateDecay = 0.9f }));
        Assert.Contains("not both", e.Message);
    }

    [Fact]
    public void ClippingByNormBoundsTheUpdate()
    {
        var net = new Linear(3, 1, random: new Random(8));
        var before = net.Weight.Value.Clone();
        var clip = new ClipGradientNorm(0.01f);
        var optim = new Optim(net, new MSELoss(), 1f) { Clipping = clip };
        var x = Tensor.Full(10f, 4, 3);
        optim.Step(x, Tensor.Full(-50f, 4, 1));
        Assert.True(clip.LastNorm > 100f);
        double moved = 0;
        for (int i = 0; i < 3; i++) moved += Math.Pow(net.Weight.Value.Span[i] - before.Span[i], 2);
        Assert.True(Math.Sqrt(moved) <= 0.01 + 1e-6, $"the weights moved by {Math.Sqrt(moved)}");
    }
}
