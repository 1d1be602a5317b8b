using DiyNet.Metrics;
using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Training;
using DiyNet.Cli.Reports;

namespace DiyNet.Cli.Experiments.Basics;

/// <summary>Report 000 §3.3.1: Sequential + Optim + mini-batch SGD on the four Gaussians.</summary>
internal sealed class FourGaussiansExperiment : Experiment
{
    public override string Name => "four-gaussians";
    public override string Title => "Sequential and mini-batch SGD on four Gaussians";
    public override string Source => "report 000, §3.3.1";

    public override void Run(ExperimentContext context)
    {
        var train = Synthetic.FourGaussians(1000, context.Seed + 11);
        var test = Synthetic.FourGaussians(1000, context.Seed + 12);
        var random = new Random(context.Seed);
        var net = new Sequential(new Linear(2, 16, random: random), new TanH(), new Linear(16, 1, random: random), new Sigmoid());
        const int epochs = 50;
        var history = Trainer.Train(net, new BCELoss(), train.X, train.BinaryTargets(), new TrainingOptions
        {
            BatchSize = 32, Epochs = epochs, LearningRate = 0.1f, Seed = context.Seed, EarlyStopDelta = 1e-5f,
            ValidationX = test.X, ValidationY = test.BinaryTargets(), OnEpoch = context.EpochProgress(Name, epochs),
        });
        context.SaveModel("four-gaussians", net);
        var s = context.Section;
        s.Result("test accuracy", history.Epochs[^1].ValidationAccuracy!.Value, "F3", Target.AtLeast(0.99));
        s.Result("train accuracy", Scores.Accuracy(train.BinaryTargets(), Evaluator.Predict(net, train.X)));
        s.Result("epochs run (early stop at Δloss < 1e-5)", history.Epochs.Count, "F0");
        s.Paragraph($"`{NetworkText.Of(net)}` trained by `Trainer.Train` (BCE, batch 32, step 0.1, up to {epochs} epochs, " +
                    "early stop when the epoch loss improves by less than 1e-5). The report reached 0.996 on its data.");
        Figures.DecisionRegions(context, "four-gaussians-regions.svg", "Four Gaussians: test points and decision regions", net, test, signed: false);
        Figures.LossCurves(context, "four-gaussians-loss.svg", "BCE per epoch", ("train", history.TrainLoss), ("test", history.ValidationLoss));
    }
}
