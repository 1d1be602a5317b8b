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
