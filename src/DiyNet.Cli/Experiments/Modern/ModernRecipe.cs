using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Metrics;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using DiyNet.Training;
using DiyNet.Plots;
using System.Diagnostics;
using System.Globalization;

namespace DiyNet.Cli.Experiments.Modern;

/// <summary>
/// The recipe a practitioner reaches for today, beside the course's: a CNN with batch normalization and dropout,
/// trained by AdamW with a cosine schedule after a warm-up (stepped every batch), on randomly warped images
/// (rotation, scale, shift); and the course's recipe — a plain CNN, SGD with momentum, a per-epoch decay, no
/// augmentation — trained on the same data, for the figures that compare them.
/// </summary>
internal static class ModernRecipe
{
    /// <summary>What one recipe gave: its history, test accuracy, predictions and training time.</summary>
    public sealed record Outcome(string Label, Module Net, TrainingHistory History, double Accuracy, int[] Predicted, double Seconds);

    /// <summary>
    /// Conv(3×3)→BN→ReLU blocks, a max-pooling after each stage, then Dropout→Linear→BN→ReLU→Dropout→Linear.
    /// </summary>
    /// <param name="side">Image side (square, one channel).</param>
    /// <param name="stages">Channels of each stage; each stage is <paramref name="convsPerStage"/> convolutions then a 2×2 max-pooling.</param>
    /// <param name="convsPerStage">Convolutions per stage.</param>
    /// <param name="hidden">Width of the hidden dense layer.</param>
    /// <param name="dropout">Dropout before and after the hidden dense layer.</param>
    /// <param name="random">Source of the initial weights and of the dropout masks.</param>
    public static Sequential Network(int side, int[] stages, int convsPerStage, int hidden, float dropout, Random random)
    {
        var layers = new List<Module>();
        int channels = 1, size = side;
        foreach (int width in stages)
        {
            for (int i = 0; i < convsPerStage; i++)
            {
                layers.Add(new Conv2D(3, channels, width, padding: 1, bias: false, init: Init.He, random: random));
                layers.Add(new BatchNorm2D(width));
                layers.Add(new ReLU());
                channels = width;
            }
            layers.Add(new MaxPool2D(2, 2));
            size /= 2;
        }
        int features = size * size * channels;
        layers.Add(new Flatten());
        layers.Add(new Dropout(dropout, new Random(random.Next())));
        layers.Add(new Linear(features, hidden, bias: false, init: Init.He, random: random));
        layers.Add(new BatchNorm1D(hidden));
        layers.Add(new ReLU());
        layers.Add(new Dropout(dropout, new Random(random.Next())));
        layers.Add(new Linear(hidden, 10, random: random));
        return new Sequential([.. layers]);
    }

    /// <summary>A batch transform warping a share of the images: rotation, scale and shift drawn at random for each.</summary>
    public static Action<Tensor, Tensor, Random> Warp(int side, double share, double maxDegrees, double maxScale, double maxShift)
    {
        var warped = new float[side * side];
        return (x, _, random) =>
        {
            for (int i = 0; i < x.Dim(0); i++)
            {
                if (random.NextDouble() >= share) continue;
                Augmentation.RandomAffine(x.Row(i), warped, side, side, maxDegrees, maxScale, maxShift, random);
                warped.CopyTo(x.Row(i));
            }
        };
    }

    /// <summary>Trains <paramref name="net"/> on the images of <paramref name="train"/>, timed, and scores it on <paramref name="test"/>.</summary>
    public static Outcome Run(ExperimentContext context, string label, Module net, Dataset train, Dataset test, int side, TrainingOptions options)
    {
        Tensor trainX = train.X.Reshape(train.Count, side, side, 1), testX = test.X.Reshape(test.Count, side, side, 1);
        var clock = Stopwatch.StartNew();
        var history = Trainer.Train(net, new CELogSoftmax(), trainX, train.OneHot(), options with
        {
            ValidationX = testX, ValidationY = test.OneHot(), OnEpoch = context.EpochProgress($"{context.Section.Name}: {label}", options.Epochs),
        });
        double seconds = clock.Elapsed.TotalSeconds;
        context.SaveModel($"{context.Section.Name}-{label}", net);
        var predicted = Evaluator.Predict(net, testX).ArgMaxRows();
        return new Outcome(label, net, history, Scores.Accuracy(test.Labels, predicted), predicted, seconds);
    }

    /// <summary>The modern recipe's options: AdamW, cosine with warm-up stepped every batch, warped images.</summary>
    public static TrainingOptions ModernOptions(int seed, int examples, int batch, int epochs, float learningRate, float weightDecay,
        Action<Tensor, Tensor, Random> warp)
    {
        int steps = epochs * ((examples + batch - 1) / batch);
        return new TrainingOptions
        {
            BatchSize = batch, Epochs = epochs, LearningRate = learningRate, Seed = seed,
            Rule = UpdateRules.AdamW(weightDecay: weightDecay),
            Schedule = new CosineSchedule(steps, warmupSteps: steps / 20, minLearningRate: learningRate / 100),
            ScheduleInterval = ScheduleInterval.Batch,
            BatchTransform = warp,
        };
    }

    /// <summary>Both recipes' test loss and accuracy per epoch, side by side.</summary>
    public static void Curves(ExperimentContext context, string file, string title, Outcome course, Outcome modern)
    {
        var grid = new FigureGrid(2) { Title = title }
            .Add(new LineChart { Title = "loss", XLabel = "epoch", YLabel = "cross-entropy", LogY = true }
                .Add($"{course.Label} train", Epochs(course), course.History.TrainLoss)
                .Add($"{course.Label} test", Epochs(course), course.History.ValidationLoss, dashed: true)
                .Add($"{modern.Label} train", Epochs(modern), modern.History.TrainLoss)
                .Add($"{modern.Label} test", Epochs(modern), modern.History.ValidationLoss, dashed: true))
            .Add(new LineChart { Title = "test error", XLabel = "epoch", YLabel = "1 − accuracy", LogY = true }
                .Add(course.Label, Epochs(course), course.History.ValidationAccuracy.Select(a => 1 - a).ToArray())
                .Add(modern.Label, Epochs(modern), modern.History.ValidationAccuracy.Select(a => 1 - a).ToArray()));
        context.Figure(file, grid.ToSvg(), title);
    }

    /// <summary>The comparison table: recipe, network, parameters, epochs, time, test accuracy.</summary>
    public static void Table(ExperimentContext context, params Outcome[] outcomes)
    {
        context.Section.Table(["recipe", "parameters", "epochs", "training time", "test accuracy"],
            outcomes.Select(o => (IReadOnlyList<string>)
            [
                o.Label, o.Net.ParameterCount.ToString("N0", CultureInfo.InvariantCulture), o.History.Epochs.Count.ToString(CultureInfo.InvariantCulture),
                $"{o.Seconds.ToString("F0", CultureInfo.InvariantCulture)} s", o.Accuracy.ToString("F4", CultureInfo.InvariantCulture),
            ]));
    }

    private static IEnumerable<int> Epochs(Outcome o) => Enumerable.Range(1, o.History.Epochs.Count);
}
