using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Metrics;
using DiyNet.Modules;
using DiyNet.Training;
using DiyNet.Cli.Reports;
using DiyNet.Optimization;

namespace DiyNet.Cli.Experiments.Convolution;

/// <summary>MNIST with a LeNet-5-sized network (needs the MNIST IDX files in the data folder).</summary>
internal sealed class MnistLeNetExperiment : Experiment
{
    public override string Name => "mnist-lenet";
    public override string Title => "MNIST with LeNet-5";
    public override string Source => "issue 5 (beyond the reports)";
    public override bool NeedsDataFolder => true;

    /// <summary>LeNet-5 for 28×28 images of one channel (channels last), He initialization.</summary>
    public static Sequential LeNet5(Random random) => new(
        new Conv2D(5, 1, 6, padding: 2, init: Init.He, random: random), new ReLU(), new MaxPool2D(2, 2),
        new Conv2D(5, 6, 16, init: Init.He, random: random), new ReLU(), new MaxPool2D(2, 2),
        new Flatten(),
        new Linear(400, 120, init: Init.He, random: random), new ReLU(),
        new Linear(120, 84, init: Init.He, random: random), new ReLU(),
        new Linear(84, 10, random: random));

    /// <summary>The course's recipe for it: SGD with momentum 0.9, step 0.05 decayed ×0.8 per epoch, batch 64, 12 epochs.</summary>
    public static TrainingOptions Recipe(int seed) => new()
    {
        BatchSize = 64, Epochs = 12, LearningRate = 0.05f, Rule = UpdateRules.Momentum(0.9f), LearningRateDecay = 0.8f, Seed = seed,
    };

    public override void Run(ExperimentContext context)
    {
        var (train, test) = ExperimentData.Mnist(context);
        var net = LeNet5(new Random(context.Seed));
        var options = Recipe(context.Seed);
        int epochs = options.Epochs;
        var history = Trainer.Train(net, new CELogSoftmax(), train.Images(), train.OneHot(), options with
        {
            ValidationX = test.Images(), ValidationY = test.OneHot(), OnEpoch = context.EpochProgress(Name, epochs),
        });
        context.SaveModel("mnist-lenet", net);
        var predicted = Evaluator.Predict(net, test.Images()).ArgMaxRows();
        var confusion = new ConfusionMatrix(test.Labels, predicted, 10);
        var s = context.Section;
        s.Result("test accuracy", confusion.Accuracy, "F4", Target.AtLeast(0.99));
        s.Paragraph($"60 000 training and 10 000 test images (28×28, pixels in [0, 1]). `{NetworkText.Of(net)}`, " +
                    $"He initialization, `CELogSoftmax`, SGD with momentum 0.9, step 0.05 decayed ×0.8 per epoch, batch 64, {epochs} epochs.");
        s.Paragraph("```\n" + confusion.Report() + "\n```");
        Figures.LossCurves(context, "mnist-lenet-loss.svg", "LeNet-5 on MNIST: cross-entropy per epoch", ("train", history.TrainLoss), ("test", history.ValidationLoss));
        Figures.Confusion(context, "mnist-lenet-confusion.svg", "LeNet-5 on MNIST: confusion matrix (rows: true, columns: predicted)", confusion);
        Figures.Predictions(context, "mnist-lenet-mistakes.svg", "LeNet-5 on MNIST: misclassified test digits", test, predicted, 40, onlyMistakes: true);
    }
}
