using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Serialization;
using DiyNet.Tensors;
using DiyNet.Tests.Data;
using DiyNet.Training;
using Xunit;

namespace DiyNet.Tests.Training;

public class CheckpointResumeTests
{
    private const int Epochs = 6, KilledAfter = 3;

    public static TheoryData<string> Rules => new("sgd", "momentum", "adam");

    private static UpdateRuleFactory Rule(string name) => name switch
    {
        "sgd" => UpdateRules.Sgd(),
        "momentum" => UpdateRules.Momentum(0.9f),
        _ => UpdateRules.Adam(),
    };

    private static Sequential Network(int seed) => new(new Linear(6, 12, random: new Random(seed)), new TanH(),
        new Linear(12, 3, random: new Random(seed + 1)));

    private static TrainingOptions Options(string rule, string checkpoint) => new()
    {
        BatchSize = 7, Epochs = Epochs, LearningRate = rule == "adam" ? 0.01f : 0.05f, Rule = Rule(rule), Seed = 11,
        LearningRateDecay = 0.9f, CheckpointPath = checkpoint,
        BatchTransform = (x, _, random) => x.Span[0] += (float)random.NextDouble() * 1e-3f,
        ValidationX = TestData.Uniform(3, -1, 1, 10, 6), ValidationY = TestData.OneHot(4, 10, 3),
    };

    private static float[] Weights(Module net) => [.. net.StateDict().Values.SelectMany(t => t.Span.ToArray())];

    [Theory]
    [MemberData(nameof(Rules))]
    public void ARunKilledAfterAnEpochAndResumedEndsBitIdentical(string rule)
    {
        var x = TestData.Uniform(1, -1, 1, 50, 6);
        var y = TestData.OneHot(2, 50, 3);
        using var folder = new TempFolder();

        var whole = Network(5);
        var wholeHistory = Trainer.Train(whole, new CELogSoftmax(), x, y, Options(rule, Path.Combine(folder.Root, "whole.ckpt")));

        // The interrupted run dies in epoch KilledAfter + 1, after its checkpoint of epoch KilledAfter.
        string path = Path.Combine(folder.Root, "run.ckpt");
        var interrupted = Network(5);
        Assert.Throws<OperationCanceledException>(() => Trainer.Train(interrupted, new CELogSoftmax(), x, y, Options(rule, path) with
        {
            OnEpoch = e => { if (e.Epoch == KilledAfter + 1) throw new OperationCanceledException(); },
        }));
        var checkpoint = TrainingCheckpoint.Read(path);
        Assert.Equal(KilledAfter, checkpoint.Epoch);
        Assert.Equal(KilledAfter * 8, checkpoint.StepCount); // 50 examples in batches of 7: 8 steps per epoch

        var resumed = Network(99); // other initial weights: everything must come from the checkpoint
        var history = Trainer.Train(resumed, new CELogSoftmax(), x, y, Options(rule, path) with { ResumeFrom = path });

        Assert.Equal(Weights(whole), Weights(resumed));
        Assert.Equal(wholeHistory.TrainLoss, history.TrainLoss);
        Assert.Equal(wholeHistory.ValidationLoss, history.ValidationLoss);
        Assert.Equal(Epochs, TrainingCheckpoint.Read(path).Epoch);
    }

    /// <summary>Dropout (its mask stream), batch normalization (running statistics), AdamW, a cosine schedule stepped
    /// every batch, early stopping (its best weights and counters) and a batch transform, all resumed exactly.</summary>
    private static TrainingOptions ToolkitOptions(string checkpoint) => Options("adam", checkpoint) with
    {
        Rule = UpdateRules.AdamW(weightDecay: 0.01f), LearningRateDecay = 1f,
        Schedule = new CosineSchedule(Epochs * 7, warmupSteps: 4, minLearningRate: 1e-4f), ScheduleInterval = ScheduleInterval.Batch,
        EarlyStopping = new EarlyStopping { Patience = Epochs, RestoreBestWeights = true },
    };

    private static Sequential ToolkitNetwork(int seed) => new(new Linear(6, 16, random: new Random(seed)), new BatchNorm1D(16), new ReLU(),
        new Dropout(0.3f, new Random(seed + 2)), new Linear(16, 3, random: new Random(seed + 1)));

    [Fact]
    public void DropoutBatchNormScheduleAndEarlyStoppingResumeBitIdentical()
    {
        // 48 examples in batches of 7: the last batch has 6 (batch normalization needs two or more).
        var x = TestData.Uniform(1, -1, 1, 48, 6);
        var y = TestData.OneHot(2, 48, 3);
        using var folder = new TempFolder();

        var whole = ToolkitNetwork(5);
        var wholeHistory = Trainer.Train(whole, new CELogSoftmax(), x, y, ToolkitOptions(Path.Combine(folder.Root, "whole.ckpt")));

        string path = Path.Combine(folder.Root, "run.ckpt");
        var interrupted = ToolkitNetwork(5);
        Assert.Throws<OperationCanceledException>(() => Trainer.Train(interrupted, new CELogSoftmax(), x, y, ToolkitOptions(path) with
        {
            OnEpoch = e => { if (e.Epoch == KilledAfter + 1) throw new OperationCanceledException(); },
        }));

        // Another network object (other weights, other dropout seed): everything must come from the checkpoint.
        var resumed = ToolkitNetwork(99);
        var history = Trainer.Train(resumed, new CELogSoftmax(), x, y, ToolkitOptions(path) with { ResumeFrom = path });

        Assert.Equal(Weights(whole), Weights(resumed));
        Assert.Equal(wholeHistory.TrainLoss, history.TrainLoss);
        Assert.Equal(wholeHistory.ValidationLoss, history.ValidationLoss);
        Assert.Equal(wholeHistory.BestEpoch, history.BestEpoch);
        var dropout = (Dropout)resumed[3];
        Assert.Equal(((Dropout)whole[3]).RandomStream!.Position, dropout.RandomStream!.Position);
    }

    [Fact]
    public void AResumeWithoutTheScheduleOrEarlyStoppingOfTheCheckpointIsRefused()
    {
        var x = TestData.Uniform(1, -1, 1, 20, 6);
        var y = TestData.OneHot(2, 20, 3);
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Root, "run.ckpt");
        Trainer.Train(ToolkitNetwork(1), new CELogSoftmax(), x, y, ToolkitOptions(path) with { Epochs = 1 });
        var e = Assert.Throws<ModelFileException>(() => Trainer.Train(ToolkitNetwork(1), new CELogSoftmax(), x, y,
            ToolkitOptions(path) with { Schedule = null, ResumeFrom = path }));
        Assert.Contains("learning-rate schedule", e.Message);
        e = Assert.Throws<ModelFileException>(() => Trainer.Train(ToolkitNetwork(1), new CELogSoftmax(), x, y,
            ToolkitOptions(path) with { EarlyStopping = null, ResumeFrom = path }));
        Assert.Contains("stopped early on validation", e.Message);
        e = Assert.Throws<ModelFileException>(() => Trainer.Train(
            new Sequential(new Linear(6, 16, random: new Random(1)), new BatchNorm1D(16), new ReLU(), new Identity(), new Linear(16, 3, random: new Random(2))),
            new CELogSoftmax(), x, y, ToolkitOptions(path) with { ResumeFrom = path }));
        Assert.Contains("random streams", e.Message);
    }

    [Fact]
    public void ACheckpointOfAnotherRunIsRefused()
    {
        var x = TestData.Uniform(1, -1, 1, 20, 6);
        var y = TestData.OneHot(2, 20, 3);
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Root, "run.ckpt");
        Trainer.Train(Network(1), new CELogSoftmax(), x, y, Options("sgd", path) with { Epochs = 1 });
        var e = Assert.Throws<ModelFileException>(() =>
            Trainer.Train(Network(1), new CELogSoftmax(), x, y, Options("adam", path) with { ResumeFrom = path }));
        Assert.Contains("the checkpoint is of another run", e.Message);
        e = Assert.Throws<ModelFileException>(() => Trainer.Train(new Sequential(new Linear(6, 3)), new CELogSoftmax(), x, y,
            Options("sgd", path) with { ResumeFrom = path }));
        Assert.Equal(ModelFileProblem.WrongTensors, e.Problem);
        Assert.Throws<ModelFileException>(() => TrainingCheckpoint.Read(WriteModel(folder)));
    }

    private static string WriteModel(TempFolder folder)
    {
        string path = Path.Combine(folder.Root, "model.safetensors");
        Network(1).Save(path);
        return path;
    }
}
