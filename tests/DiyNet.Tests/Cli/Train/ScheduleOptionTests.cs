using System.Globalization;
using DiyNet.Optimization;
using DiyNet.Tests.Data;
using Xunit;

namespace DiyNet.Tests.Cli.Train;

/// <summary>
/// <c>diynet train --schedule</c>: each name runs the library's schedule, stepped after every epoch (the learning
/// rates of metrics.csv are the schedule's, replayed here from the library class), and a bad schedule is refused with
/// exit code 2 and one line, before any data is read.
/// </summary>
[Collection(TrainCollection.Name)]
public class ScheduleOptionTests
{
    private const int Epochs = 6;
    private const float Rate = 0.1f;

    public static TheoryData<string> Names => ["step:2,0.5", "exponential:0.8", "cosine:1,0.001", "one-cycle:0.5", "plateau:0,0.5", "none"];

    // The library schedule each --schedule of a 6-epoch run names.
    private static LearningRateSchedule? Library(string text) => text switch
    {
        "step:2,0.5" => new StepSchedule(2, 0.5f),
        "exponential:0.8" => new ExponentialSchedule(0.8f),
        "cosine:1,0.001" => new CosineSchedule(Epochs, 1, 0.001f),
        "one-cycle:0.5" => new OneCycleSchedule(Epochs, 0.5f),
        "plateau:0,0.5" => new ReduceOnPlateau(0.5f, patience: 0),
        _ => null,
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void EachScheduleGivesTheLibrarysRatesEpochByEpoch(string schedule)
    {
        using var dir = new TempFolder();
        string data = TrainData.Blobs(dir.Root);
        string output = Path.Combine(dir.Root, "run");
        var train = CliRunner.Run("train", "--model", "Linear(_,8) TanH Linear(8,_)", "--data", data, "--target", "kind", "--features", "x,y",
            "--epochs", $"{Epochs}", "--optimizer", "sgd", "--lr", "0.1", "--schedule", schedule, "--out", output);
        Assert.True(train.Code == 0, train.Error + train.Output);
        var rows = File.ReadAllLines(Path.Combine(output, "metrics.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(Epochs, rows.Length);
        float[] rates = [.. rows.Select(r => float.Parse(r[1], CultureInfo.InvariantCulture))];
        var expected = Library(schedule);
        if (expected is null)
        {
            Assert.All(rates, r => Assert.Equal(Rate, r));
            Assert.DoesNotContain("learning rate:", train.Output);
            return;
        }
        Assert.Contains($"learning rate: {expected.Start(Rate).ToString("G6", CultureInfo.InvariantCulture)}, {expected} after each epoch", train.Output);
        float[] replay = new float[Epochs];
        replay[0] = expected.Start(Rate);
        for (int e = 1; e < Epochs; e++) replay[e] = expected.Step(float.Parse(rows[e - 1][3], CultureInfo.InvariantCulture));
        Assert.Equal(replay, rates);
        Assert.True(rates.Distinct().Count() > 1 || schedule.StartsWith("plateau", StringComparison.Ordinal), string.Join(", ", rates));
        if (schedule == "step:2,0.5") Assert.Equal([0.1f, 0.1f, 0.05f, 0.05f, 0.025f, 0.025f], rates);
    }

    [Theory]
    [InlineData("warm", "--schedule \"warm\": unknown schedule \"warm\"; expected none, step:EPOCHS[,GAMMA]")]
    [InlineData("step", "--schedule \"step\": step takes step:EPOCHS[,GAMMA], e.g. step:10,0.5.")]
    [InlineData("step:0", "--schedule \"step:0\" for 3 epochs: StepSchedule: the step size must be positive.")]
    [InlineData("step:2,1.5", "--schedule \"step:2,1.5\" for 3 epochs: StepSchedule: gamma must be in (0, 1].")]
    [InlineData("exponential:", "--schedule \"exponential:\": argument 1 (\"\") is not a number.")]
    [InlineData("cosine:x", "--schedule \"cosine:x\": argument 1 (\"x\") is not a number.")]
    [InlineData("cosine:3", "--schedule \"cosine:3\" for 3 epochs: CosineSchedule: warm-up steps must be in [0, 3).")]
    [InlineData("one-cycle", "--schedule \"one-cycle\" for 3 epochs: OneCycleSchedule: pctStart·T − 1")]
    [InlineData("plateau:2.5", "--schedule \"plateau:2.5\": argument 1 (\"2.5\") is not a whole number.")]
    [InlineData("none:1", "--schedule \"none:1\": none takes no arguments.")]
    public void ABadScheduleIsRefusedBeforeTheDataIsRead(string schedule, string message)
    {
        using var dir = new TempFolder();
        string output = Path.Combine(dir.Root, "run");
        var train = CliRunner.Run("train", "--model", "Linear(_,8) ReLU Linear(8,_)", "--data", Path.Combine(dir.Root, "missing.csv"),
            "--epochs", "3", "--schedule", schedule, "--out", output);
        Assert.Equal(2, train.Code);
        Assert.StartsWith("diynet train: " + message, train.Error);
        Assert.Single(train.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(output));
    }
}
