using DiyNet.Metrics;
using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Training;
using DiyNet.Cli.Reports;

namespace DiyNet.Cli.Experiments.Basics;

/// <summary>Report 000 §1.3.2: a linear classifier (Linear(2 → 1), MSE on ±1 targets) on two separable Gaussians.</summary>
internal sealed class LinearClassifierExperiment : Experiment
{
    public override string Name => "linear-classifier";
    public override string Title => "Linear classifier on two Gaussians";
    public override string Source => "report 000, §1.3.2";

    public override void Run(ExperimentContext context)
    {
        var train = Synthetic.TwoGaussians(1000, context.Seed + 1);
        var test = Synthetic.TwoGaussians(1000, context.Seed + 2);
        var net = new Linear(2, 1, random: new Random(context.Seed));
        const int epochs = 30;
        var history = Trainer.Train(net, new MSELoss(), train.X, train.SignedTargets(), new TrainingOptions
        {
            BatchSize = 32, Epochs = epochs, LearningRate = 0.01f, Seed = context.Seed,
            ValidationX = test.X, ValidationY = test.SignedTargets(), OnEpoch = context.EpochProgress(Name, epochs),
        });
        context.SaveModel("linear-classifier", net);
        double trainAcc = Scores.Accuracy(train.SignedTargets(), Evaluator.Predict(net, train.X));
        float testAcc = history.Epochs[^1].ValidationAccuracy!.Value;
        var s = context.Section;
        s.Result("test accuracy", testAcc, "F3", Target.AtLeast(0.99));
        s.Result("train accuracy", trainAcc);
        s.Paragraph("Two Gaussian blobs centred at (1, 1) and (−1, −1), variance 0.1 per axis (the course's generator), " +
                    "1000 training and 1000 test points; a single Linear(2 → 1) trained on MSE against ±1 targets, " +
                    $"batch 32, step 0.01, {epochs} epochs; the class is the sign of the output.");
        Figures.DecisionRegions(context, "linear-classifier-regions.svg", "Linear classifier: test points and decision regions", net, test, signed: true);
        Figures.LossCurves(context, "linear-classifier-loss.svg", "MSE per epoch", ("train", history.TrainLoss), ("test", history.ValidationLoss));
    }
}
