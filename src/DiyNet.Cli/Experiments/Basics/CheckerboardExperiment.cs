using DiyNet.Metrics;
using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Training;
using System.Globalization;
using DiyNet.Cli.Reports;

namespace DiyNet.Cli.Experiments.Basics;

/// <summary>
/// Report 000 §3.3.2: the checkerboard. Regenerates the report's two tables (epochs × number of batches; learning
/// rate) with its 4-layer TanH/Sigmoid network, then trains a deeper ReLU network that reaches the Bayes limit.
/// </summary>
internal sealed class CheckerboardExperiment : Experiment
{
    private const float Noise = 0.005f;

    public override string Name => "checkerboard";
    public override string Title => "The checkerboard (échiquier): hyper-parameters and a network that solves it";
    public override string Source => "report 000, §3.3.2, tables 3.1 and 3.2";

    public override void Run(ExperimentContext context)
    {
        var s = context.Section;
        var small = Synthetic.Checkerboard(1000, context.Seed + 21, noise: Noise);
        var smallTest = Synthetic.Checkerboard(1000, context.Seed + 22, noise: Noise);
        var test = Scaled(Synthetic.Checkerboard(2000, context.Seed + 24, noise: Noise));
        double bayes = BayesAccuracy(test);

        // Table 3.1: epochs × number of batches, as in the report (step 1e-2).
        (int Epochs, int Batches)[] grid = [(1500, 10), (2000, 10), (1000, 10), (600, 10), (600, 30), (600, 20), (600, 5), (300, 30), (300, 40), (600, 1)];
        var rows = new List<string[]>();
        foreach (var (epochs, batches) in grid)
        {
            var (trainAcc, testAcc) = ReportNetwork(context, small, smallTest, epochs, batches, 1e-2f);
            rows.Add([epochs.ToString(CultureInfo.InvariantCulture), batches.ToString(CultureInfo.InvariantCulture), trainAcc, testAcc]);
        }
        s.Paragraph($"The report's network — `{NetworkText.Of(ReportNet(new Random(0)))}`, BCE, plain SGD — on the course's setting: 1000 training points, 1000 test points in [−4, 4]² (unscaled), " +
                    "the training set cut into a fixed number of batches (batch size = 1000 / batches). The report's losses " +
                    "returned the gradient of the batch *sum* (no division by the batch size), so its step η corresponds to a " +
                    "step of η × batch size on DiyNet's mean-reduced losses: that is what these tables use.");
        s.Table(["epochs", "batches", "train accuracy", "test accuracy"], rows, "Table 3.1 regenerated: epochs × number of batches (step 1e-2)");

        var lrRows = new List<string[]>();
        foreach (float lr in new[] { 1e-2f, 1e-3f, 1e-1f })
        {
            var (trainAcc, testAcc) = ReportNetwork(context, small, smallTest, 1500, 10, lr);
            lrRows.Add([lr.ToString("0e0", CultureInfo.InvariantCulture), trainAcc, testAcc]);
        }
        s.Table(["report's step η", "train accuracy", "test accuracy"], lrRows, "Table 3.2 regenerated: learning rate (1500 epochs, 10 batches)");

        // A network that solves it: deeper, ReLU, He initialization, momentum, more data.
        var train = Scaled(Synthetic.Checkerboard(20000, context.Seed + 23, noise: Noise));
        var random = new Random(context.Seed);
        var net = new Sequential(
            new Linear(2, 96, init: Init.He, random: random), new ReLU(),
            new Linear(96, 96, init: Init.He, random: random), new ReLU(),
            new Linear(96, 96, init: Init.He, random: random), new ReLU(),
            new Linear(96, 96, init: Init.He, random: random), new ReLU(),
            new Linear(96, 1, random: random), new Sigmoid());
        const int bestEpochs = 300;
        var history = Trainer.Train(net, new BCELoss(), train.X, train.BinaryTargets(), new TrainingOptions
        {
            BatchSize = 64, Epochs = bestEpochs, LearningRate = 0.05f, Rule = UpdateRules.Momentum(0.9f), LearningRateDecay = 0.985f, Seed = context.Seed,
            ValidationX = test.X, ValidationY = test.BinaryTargets(), OnEpoch = context.EpochProgress(Name + " (deep ReLU)", bestEpochs),
        });
        context.SaveModel("checkerboard", net);
        float testAccuracy = history.Epochs[^1].ValidationAccuracy!.Value;
        s.Result("test accuracy, deep ReLU network", testAccuracy, "F3", Target.AtLeast(0.97));
        s.Result("Bayes accuracy of the test set (noise-limited ceiling)", bayes);
        s.Result("train accuracy", Scores.Accuracy(train.BinaryTargets(), Evaluator.Predict(net, train.X)));
        s.Paragraph($"8×8 checkerboard on [−4, 4]², positional noise σ = {Noise} (points near a border may carry the neighbouring " +
                    "cell's label, hence the Bayes ceiling above). The report's best was 0.782. What it takes: depth " +
                    $"(`{NetworkText.Of(net)}`, He initialization), momentum 0.9, step 0.05 decayed ×0.985 per epoch, batch 64, " +
                    $"{bestEpochs} epochs on 20 000 points.");
        Figures.DecisionRegions(context, "checkerboard-regions.svg", "Checkerboard: decision regions of the deep ReLU network (test points)", net, test, signed: false);
        Figures.LossCurves(context, "checkerboard-loss.svg", "BCE per epoch", ("train", history.TrainLoss), ("test", history.ValidationLoss));
    }

    private static (string Train, string Test) ReportNetwork(ExperimentContext context, LabeledPoints train, LabeledPoints test,
        int epochs, int batches, float learningRate)
    {
        var random = new Random(context.Seed + 5);
        int batchSize = (train.Count + batches - 1) / batches;
        var net = ReportNet(random);
        string label = $"{context.Section.Name} (report net, {epochs} epochs, {batches} batches, step {learningRate})";
        try
        {
            Trainer.Train(net, new BCELoss(), train.X, train.BinaryTargets(), new TrainingOptions
            {
                BatchSize = batchSize, Epochs = epochs, LearningRate = learningRate * batchSize, Seed = context.Seed,
                OnEpoch = context.EpochProgress(label, epochs),
            });
        }
        catch (TrainingDivergedException)
        {
            return ("diverged", "diverged");
        }
        return (F(Scores.Accuracy(train.BinaryTargets(), Evaluator.Predict(net, train.X))),
                F(Scores.Accuracy(test.BinaryTargets(), Evaluator.Predict(net, test.X))));
    }

    /// <summary>The report's 4-layer network: TanH hidden layers of 32, a Sigmoid output.</summary>
    private static Sequential ReportNet(Random random) => new(
        new Linear(2, 32, random: random), new TanH(),
        new Linear(32, 32, random: random), new TanH(),
        new Linear(32, 32, random: random), new TanH(),
        new Linear(32, 1, random: random), new Sigmoid());

    private static LabeledPoints Scaled(LabeledPoints d)
    {
        var x = d.X.Clone();
        System.Numerics.Tensors.TensorPrimitives.Multiply(x.Span, 0.25f, x.Span);
        return d with { X = x };
    }

    private static double BayesAccuracy(LabeledPoints scaled)
    {
        int hits = 0;
        for (int i = 0; i < scaled.Count; i++)
            hits += Synthetic.CheckerboardLabel(4 * scaled.X[i, 0], 4 * scaled.X[i, 1]) == scaled.Labels[i] ? 1 : 0;
        return (double)hits / scaled.Count;
    }

    private static string F(double v) => v.ToString("F3", CultureInfo.InvariantCulture);
}
