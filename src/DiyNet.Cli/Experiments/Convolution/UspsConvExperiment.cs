using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Metrics;
using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet.Training;
using DiyNet.Cli.Reports;
using DiyNet.Optimization;
using DiyNet.Plots;

namespace DiyNet.Cli.Experiments.Convolution;

/// <summary>Report 000 ch. 6: USPS with a Conv1D network and a Conv2D network (accuracy and loss curves, mistakes).</summary>
internal sealed class UspsConvExperiment : Experiment
{
    public override string Name => "usps-conv";
    public override string Title => "USPS digits with convolutional networks";
    public override string Source => "report 000, ch. 6";
    public override bool NeedsDataFolder => true;

    public override void Run(ExperimentContext context)
    {
        var (original, test) = ExperimentData.Usps(context);
        var train = Augmentation.Shifted(original);
        var s = context.Section;
        s.Paragraph($"{original.Count} training images, each also shifted by one pixel in the four directions ({train.Count} in all), " +
                    $"{test.Count} test images, pixels in [0, 1]. `CELogSoftmax`, SGD with momentum 0.9, step 0.02 decayed ×0.8 (Conv1D, 8 epochs) or ×0.75 (Conv2D, 10 epochs) per epoch, batch 32.");

        // Conv1D over the 256 pixels read as a signal, as the report did (its network, workload f of the benchmarks).
        var conv1 = Train(context, "Conv1D", train, test, x => x.Reshape(x.Dim(0), 256, 1), 8, 0.02f, r => new Sequential(
            new Conv1D(3, 1, 32, random: r), new MaxPool1D(2, 2), new Flatten(),
            new Linear(32 * 127, 100, init: Init.He, random: r), new ReLU(), new Linear(100, 10, random: r)));
        s.Result("test accuracy, Conv1D network", conv1.Accuracy, "F4", Target.AtLeast(0.95));

        var conv2 = Train(context, "Conv2D", train, test, x => x.Reshape(x.Dim(0), 16, 16, 1), 10, 0.02f, Conv2DNetwork, decay: 0.75f);
        s.Result("test accuracy, Conv2D network", conv2.Accuracy, "F4", Target.AtLeast(0.975));
        s.Network("The Conv1D network (the 256 pixels read as a signal of one channel):", conv1.Net);
        s.Network("The Conv2D network (16×16 images of one channel):", conv2.Net);
        s.Paragraph("The report reached 0.548 with Conv1D and 0.505 with Conv2D.");

        var grid = new FigureGrid(2) { Title = "USPS: loss and test accuracy per epoch" }
            .Add(new LineChart { Title = "loss", XLabel = "epoch", YLabel = "cross-entropy", LogY = true }
                .Add("Conv1D train", Range(conv1.History), conv1.History.TrainLoss).Add("Conv1D test", Range(conv1.History), conv1.History.ValidationLoss, dashed: true)
                .Add("Conv2D train", Range(conv2.History), conv2.History.TrainLoss).Add("Conv2D test", Range(conv2.History), conv2.History.ValidationLoss, dashed: true))
            .Add(new LineChart { Title = "test accuracy", XLabel = "epoch", YLabel = "accuracy" }
                .Add("Conv1D", Range(conv1.History), conv1.History.ValidationAccuracy).Add("Conv2D", Range(conv2.History), conv2.History.ValidationAccuracy));
        context.Figure("usps-conv-curves.svg", grid.ToSvg(), "USPS convolutional networks: loss and accuracy per epoch");
        Figures.Predictions(context, "usps-conv2d-mistakes.svg", "USPS Conv2D: misclassified test digits", test, conv2.Predicted, 60, onlyMistakes: true);
    }

    /// <summary>The Conv2D network for 16×16 images of one channel (channels last), He initialization.</summary>
    public static Sequential Conv2DNetwork(Random random) => new(
        new Conv2D(5, 1, 32, padding: 2, init: Init.He, random: random), new ReLU(), new MaxPool2D(2, 2),
        new Conv2D(5, 32, 64, padding: 2, init: Init.He, random: random), new ReLU(), new MaxPool2D(2, 2),
        new Flatten(), new Linear(64 * 4 * 4, 256, init: Init.He, random: random), new ReLU(), new Linear(256, 10, random: random));

    private static IEnumerable<int> Range(TrainingHistory h) => Enumerable.Range(1, h.Epochs.Count);

    private static (Module Net, TrainingHistory History, double Accuracy, int[] Predicted) Train(ExperimentContext context, string label, Dataset train, Dataset test,
        Func<Tensor, Tensor> shape, int epochs, float learningRate, Func<Random, Module> build, float decay = 0.8f)
    {
        var net = build(new Random(context.Seed));
        var history = Trainer.Train(net, new CELogSoftmax(), shape(train.X), train.OneHot(), new TrainingOptions
        {
            BatchSize = 32, Epochs = epochs, LearningRate = learningRate, Rule = UpdateRules.Momentum(0.9f), LearningRateDecay = decay, Seed = context.Seed,
            ValidationX = shape(test.X), ValidationY = test.OneHot(), OnEpoch = context.EpochProgress($"{context.Section.Name}: {label}", epochs),
        });
        var predicted = Evaluator.Predict(net, shape(test.X)).ArgMaxRows();
        context.SaveModel($"usps-conv-{label.ToLowerInvariant()}", net);
        return (net, history, Scores.Accuracy(test.Labels, predicted), predicted);
    }
}
