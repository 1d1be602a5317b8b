using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Metrics;
using DiyNet.Modules;
using DiyNet.Training;
using DiyNet.Cli.Reports;
using DiyNet.Optimization;

namespace DiyNet.Cli.Experiments.Usps;

/// <summary>Report 000 ch. 4: multi-class classification of the USPS digits with an MLP.</summary>
internal sealed class UspsMlpExperiment : Experiment
{
    public override string Name => "usps-mlp";
    public override string Title => "USPS digits with a multi-layer perceptron";
    public override string Source => "report 000, ch. 4";
    public override bool NeedsDataFolder => true;

    public override void Run(ExperimentContext context)
    {
        var (original, test) = ExperimentData.Usps(context);
        var train = Augmentation.Shifted(original);
        var random = new Random(context.Seed);
        var net = new Sequential(
            new Linear(256, 512, init: Init.He, random: random), new ReLU(),
            new Linear(512, 256, init: Init.He, random: random), new ReLU(),
            new Linear(256, 10, random: random));
        const int epochs = 10;
        var history = Trainer.Train(net, new CELogSoftmax(), train.X, train.OneHot(), new TrainingOptions
        {
            BatchSize = 32, Epochs = epochs, LearningRate = 0.05f, Rule = UpdateRules.Momentum(0.9f), LearningRateDecay = 0.8f, Seed = context.Seed,
            ValidationX = test.X, ValidationY = test.OneHot(), OnEpoch = context.EpochProgress(Name, epochs),
        });
        context.SaveModel("usps-mlp", net);
        var predicted = Evaluator.Predict(net, test.X).ArgMaxRows();
        var confusion = new ConfusionMatrix(test.Labels, predicted, 10);
        var s = context.Section;
        s.Result("test accuracy", confusion.Accuracy, "F4", Target.AtLeast(0.95));
        s.Result("train accuracy", Scores.Accuracy(original.OneHot(), Evaluator.Predict(net, original.X)), "F4");
        s.Paragraph($"{original.Count} training images, each also shifted by one pixel up, down, left and right ({train.Count} in all), " +
                    $"and {test.Count} test images (16×16, pixels scaled to [0, 1]). " +
                    $"`{NetworkText.Of(net)}`, He initialization, `CELogSoftmax`, SGD with momentum 0.9, step 0.05 " +
                    $"decayed ×0.8 per epoch, batch 32, {epochs} epochs. The report reached 0.892.");
        s.Paragraph("```\n" + confusion.Report() + "\n```");
        Figures.LossCurves(context, "usps-mlp-loss.svg", "USPS MLP: cross-entropy per epoch", ("train", history.TrainLoss), ("test", history.ValidationLoss));
        Figures.Confusion(context, "usps-mlp-confusion.svg", "USPS MLP: confusion matrix on the test set (rows: true, columns: predicted)", confusion);
        Figures.Predictions(context, "usps-mlp-predictions.svg", "USPS MLP: the first 40 test digits", test, predicted, 40, onlyMistakes: false);
        Figures.Predictions(context, "usps-mlp-mistakes.svg", "USPS MLP: misclassified test digits", test, predicted, 40, onlyMistakes: true);
    }
}
