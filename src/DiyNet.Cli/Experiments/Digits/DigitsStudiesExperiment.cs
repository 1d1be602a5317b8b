using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Metrics;
using DiyNet.Modules;
using DiyNet.Training;
using System.Globalization;
using DiyNet.Cli.Reports;
using DiyNet.Optimization;
using DiyNet.Plots;

namespace DiyNet.Cli.Experiments.Digits;

/// <summary>
/// Report 002 §3.1–3.2 on the 8×8 digits (embedded, 30 % held out): activation, depth, width, loss, learning rate and
/// batch size studies — each a figure of train/test loss curves and a table — the best MLP, and a grid search over
/// learning rate × batch size with 3-fold cross-validation.
/// </summary>
internal sealed class DigitsStudiesExperiment : Experiment
{
    private const int Epochs = 60;

    public override string Name => "digits-studies";
    public override string Title => "Multi-class studies on the 8×8 digits";
    public override string Source => "report 002, §3.1–3.2";

    private sealed record Config(string Label, Func<Random, Module> Build, Func<Loss> Loss, float LearningRate = 0.05f, int BatchSize = 32);

    public override void Run(ExperimentContext context)
    {
        var (train, test) = ExperimentData.Digits(context);
        var s = context.Section;
        Module Mlp(Random r, Func<Module> activation, int hidden = 100) => new Sequential(new Linear(64, hidden, random: r), activation(), new Linear(hidden, 10, random: r));
        s.Paragraph($"The 8×8 digits (1797 images, embedded in the library), pixels scaled to [0, 1], a stratified split: " +
                    $"{train.Count} training and {test.Count} test images. Unless a study varies it: `{NetworkText.Of(Mlp(new Random(0), () => new ReLU()))}`, " +
                    $"`CELogSoftmax`, plain SGD, step 0.05, batch 32, {Epochs} epochs. Each figure shows the " +
                    "train (solid) and test (dashed) loss per epoch.");

        Study(context, train, test, "activation", "Activation function",
        [
            new("Sigmoid", r => Mlp(r, () => new Sigmoid()), () => new CELogSoftmax()),
            new("ReLU", r => Mlp(r, () => new ReLU()), () => new CELogSoftmax()),
            new("TanH", r => Mlp(r, () => new TanH()), () => new CELogSoftmax()),
            new("Softmax", r => Mlp(r, () => new Softmax()), () => new CELogSoftmax()),
        ]);
        Study(context, train, test, "depth", "Number of layers",
        [
            new("Linear(64, 10)", r => new Sequential(new Linear(64, 10, random: r)), () => new CELogSoftmax()),
            new("64-100-10", r => Mlp(r, () => new ReLU()), () => new CELogSoftmax()),
            new("64-100-10-200-10", r => new Sequential(new Linear(64, 100, random: r), new ReLU(), new Linear(100, 10, random: r), new ReLU(),
                new Linear(10, 200, random: r), new ReLU(), new Linear(200, 10, random: r)), () => new CELogSoftmax()),
        ]);
        Study(context, train, test, "width", "Hidden layer width",
        [
            new("hidden 10", r => Mlp(r, () => new ReLU(), 10), () => new CELogSoftmax()),
            new("hidden 100", r => Mlp(r, () => new ReLU(), 100), () => new CELogSoftmax()),
            new("hidden 1000", r => Mlp(r, () => new ReLU(), 1000), () => new CELogSoftmax()),
        ]);
        Study(context, train, test, "loss", "Loss function",
        [
            new("MSE on Sigmoid", r => new Sequential(Mlp(r, () => new ReLU()), new Sigmoid()), () => new MSELoss()),
            new("BCE on Sigmoid", r => new Sequential(Mlp(r, () => new ReLU()), new Sigmoid()), () => new BCELoss()),
            new("CrossEntropy on Softmax", r => new Sequential(Mlp(r, () => new ReLU()), new Softmax()), () => new CrossEntropyLoss()),
            new("CELogSoftmax on scores", r => Mlp(r, () => new ReLU()), () => new CELogSoftmax()),
        ]);
        Study(context, train, test, "learning-rate", "Learning rate",
            [.. new[] { 1e-4f, 1e-3f, 1e-2f, 1e-1f }.Select(lr => new Config($"step {lr.ToString("0e0", CultureInfo.InvariantCulture)}", r => Mlp(r, () => new ReLU()), () => new CELogSoftmax(), lr))]);
        Study(context, train, test, "batch-size", "Batch size",
            [.. new[] { 10, 32, 64, 100 }.Select(b => new Config($"batch {b}", r => Mlp(r, () => new ReLU()), () => new CELogSoftmax(), BatchSize: b))]);

        BestMlp(context, train, test);
        GridSearchStudy(context, train, test);
    }

    private static void Study(ExperimentContext context, Dataset train, Dataset test, string id, string title, Config[] configs)
    {
        var grid = new FigureGrid(columns: Math.Min(configs.Length, 4)) { Title = $"{title}: train (solid) and test (dashed) loss" };
        var rows = new List<string[]>();
        foreach (var config in configs)
        {
            var net = config.Build(new Random(context.Seed));
            var history = Trainer.Train(net, config.Loss(), train.X, train.OneHot(), new TrainingOptions
            {
                BatchSize = config.BatchSize, Epochs = Epochs, LearningRate = config.LearningRate, Seed = context.Seed,
                ValidationX = test.X, ValidationY = test.OneHot(), OnEpoch = context.EpochProgress($"{context.Section.Name}: {title} — {config.Label}", Epochs),
            });
            var last = history.Epochs[^1];
            grid.Add(Figures.TrainTestChart(config.Label, history, logY: false));
            rows.Add([config.Label, F(last.TrainLoss), F(last.ValidationLoss!.Value), F(last.ValidationAccuracy!.Value)]);
        }
        context.Section.Paragraph($"### {title}");
        context.Figure($"digits-{id}.svg", grid.ToSvg(), $"{title}: loss curves");
        context.Section.Table(["configuration", "final train loss", "final test loss", "test accuracy"], rows);
    }

    private static void BestMlp(ExperimentContext context, Dataset train, Dataset test)
    {
        var random = new Random(context.Seed);
        var net = new Sequential(new Linear(64, 256, init: Init.He, random: random), new ReLU(), new Linear(256, 10, random: random));
        const int epochs = 100;
        var history = Trainer.Train(net, new CELogSoftmax(), train.X, train.OneHot(), new TrainingOptions
        {
            BatchSize = 16, Epochs = epochs, LearningRate = 0.05f, Rule = UpdateRules.Momentum(0.9f), LearningRateDecay = 0.97f, Seed = context.Seed,
            ValidationX = test.X, ValidationY = test.OneHot(), OnEpoch = context.EpochProgress(context.Section.Name + ": best MLP", epochs),
        });
        context.SaveModel("digits-mlp", net);
        var predicted = Evaluator.Predict(net, test.X).ArgMaxRows();
        var confusion = new ConfusionMatrix(test.Labels, predicted, 10);
        context.Section.Paragraph("### Best MLP");
        context.Section.Result("test accuracy, best MLP", confusion.Accuracy, "F4", Target.AtLeast(0.98));
        context.Section.Paragraph($"`{NetworkText.Of(net)}`, He initialization, `CELogSoftmax`, SGD with momentum 0.9, " +
                                  $"step 0.05 decayed ×0.97 per epoch, batch 16, {epochs} epochs. Per-class precision, recall and F1:");
        context.Section.Paragraph("```\n" + confusion.Report() + "\n```");
        Figures.LossCurves(context, "digits-best-loss.svg", "Best MLP on the 8×8 digits", ("train", history.TrainLoss), ("test", history.ValidationLoss));
    }

    private static void GridSearchStudy(ExperimentContext context, Dataset train, Dataset test)
    {
        var grid = new ParameterGrid { { "learningRate", 0.005f, 0.02f, 0.05f, 0.1f }, { "batchSize", 16, 32, 64 } };
        const int epochs = 40;
        GridSearchModel Factory(ParameterSet p, Random r) => new(
            new Sequential(new Linear(64, 100, random: r), new ReLU(), new Linear(100, 10, random: r)),
            new CELogSoftmax(),
            new TrainingOptions { LearningRate = p.Get<float>("learningRate"), BatchSize = p.Get<int>("batchSize"), Epochs = epochs });
        context.Progress.Line($"  {context.Section.Name}: grid search, {grid.Count} combinations × 3 folds");
        var result = GridSearch.Run(Factory, grid, train.X, train.OneHot(), Scores.Accuracy, cv: 3, seed: context.Seed,
            new GridSearchOptions { MetricName = "accuracy" });
        var best = result.Best.Parameters;
        var model = Factory(best, new Random(context.Seed));
        Trainer.Train(model.Net, model.Loss, train.X, train.OneHot(), model.Options with { Seed = context.Seed });
        double testAccuracy = Scores.Accuracy(test.OneHot(), Evaluator.Predict(model.Net, test.X));
        context.Section.Paragraph("### Grid search: learning rate × batch size, 3-fold cross-validation");
        context.Section.Paragraph($"`{NetworkText.Of(model.Net)}`, plain SGD, {epochs} epochs; each combination is trained on two " +
                                  "folds of the training set and scored on the third (stratified folds, seeded), combinations run in parallel.");
        context.Section.Paragraph(result.ToMarkdown());
        context.Section.Result($"grid search best ({best}): CV accuracy", result.Best.Mean, "F4");
        context.Section.Result("grid search best, retrained on the whole training set: test accuracy", testAccuracy, "F4");
    }

    private static string F(float v) => v.ToString("F4", CultureInfo.InvariantCulture);
}
