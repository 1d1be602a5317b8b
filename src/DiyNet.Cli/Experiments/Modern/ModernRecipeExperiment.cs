using DiyNet.Metrics;
using DiyNet.Cli.Reports;
using System.Globalization;

namespace DiyNet.Cli.Experiments.Modern;

/// <summary>
/// A data set of images with the modern recipe (batch normalization, dropout, AdamW, cosine schedule with warm-up,
/// warped images) beside the course's recipe (plain CNN, SGD with momentum, per-epoch decay), with both recipes'
/// curves, the comparison table, the confusion matrix and the modern recipe's mistakes.
/// </summary>
internal sealed class ModernRecipeExperiment(ModernRecipeSetup setup) : Experiment
{
    internal const float LearningRate = 3e-3f, WeightDecay = 0.05f, Dropout = 0.3f;
    internal const int Hidden = 128;

    public override string Name => setup.Name;
    public override string Title => $"{setup.DataSet}: a modern recipe beside the course's";
    public override string Source => "issue 10 (beyond the reports)";
    public override bool NeedsDataFolder => true;

    public override void Run(ExperimentContext context)
    {
        var (train, test) = setup.Load(context);
        var courseNet = setup.CourseNetwork(new Random(context.Seed));
        var course = ModernRecipe.Run(context, "course", courseNet, setup.CourseTraining(train), test, setup.Side, setup.CourseOptions(context.Seed));

        var net = ModernRecipe.Network(setup.Side, setup.Stages, setup.ConvsPerStage, Hidden, Dropout, new Random(context.Seed + 1));
        var modern = ModernRecipe.Run(context, "modern", net, train, test, setup.Side,
            ModernRecipe.ModernOptions(context.Seed + 1, train.Count, setup.Batch, setup.Epochs, LearningRate, WeightDecay,
                ModernRecipe.Warp(setup.Side, share: 0.8, maxDegrees: 10, maxScale: 0.1, maxShift: setup.MaxShift)));

        var s = context.Section;
        s.Result("test accuracy, modern recipe", modern.Accuracy, "F4", Target.AtLeast(setup.Target));
        s.Result("training time of the modern recipe (s)", modern.Seconds, "F0", Target.AtMost(600, "F0"));
        s.Result("test accuracy, course recipe", course.Accuracy, "F4");
        string shift = setup.MaxShift.ToString("0.#", CultureInfo.InvariantCulture);
        s.Paragraph($"{train.Count} training and {test.Count} test images ({setup.Side}×{setup.Side}, pixels in [0, 1]), `CELogSoftmax`. " +
                    $"Course: `{NetworkText.Of(courseNet)}`, {setup.CourseText}. " +
                    $"Modern: `{NetworkText.Of(net)}`, He initialization, AdamW (step 3·10⁻³, weight decay {WeightDecay}), " +
                    $"cosine schedule stepped every batch after a 5 % linear warm-up, batch {setup.Batch}, {setup.Epochs} epochs; 80 % of the training " +
                    $"images of each batch warped at random (rotation ±10°, scale ±10 %, shift ±{shift} pixels). " +
                    "Times are wall-clock on the machine that ran the report.");
        ModernRecipe.Table(context, course, modern);
        ModernRecipe.Curves(context, $"{Name}-curves.svg", $"{setup.DataSet}, course and modern recipes: loss and test error per epoch", course, modern);
        var confusion = new ConfusionMatrix(test.Labels, modern.Predicted, 10);
        s.Paragraph("Modern recipe:\n\n```\n" + confusion.Report() + "\n```");
        Figures.Predictions(context, $"{Name}-mistakes.svg", $"{setup.DataSet}, modern recipe: misclassified test digits", test, modern.Predicted,
            setup.Mistakes, onlyMistakes: true);
    }
}
