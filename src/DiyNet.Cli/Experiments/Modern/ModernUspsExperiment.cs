using DiyNet.Data;
using DiyNet.Metrics;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Training;
using DiyNet.Cli.Reports;

namespace DiyNet.Cli.Experiments.Modern;

/// <summary>
/// USPS with the modern recipe (batch normalization, dropout, AdamW, cosine schedule, warped images) beside the
/// course's recipe on the Conv2D network of <c>usps-conv</c> (SGD with momentum, per-epoch decay, shifted copies).
/// </summary>
internal sealed class ModernUspsExperiment : Experiment
{
    private const int Side = 16;

    public override string Name => "modern-usps";
    public override string Title => "USPS: a modern recipe beside the course's";
    public override string Source => "issue 10 (beyond the reports)";
    public override bool NeedsDataFolder => true;

    public override void Run(ExperimentContext context)
    {
        var (train, test) = ExperimentData.Usps(context);

        var random = new Random(context.Seed);
        var conv = new Sequential(
            new Conv2D(5, 1, 32, padding: 2, init: Init.He, random: random), new ReLU(), new MaxPool2D(2, 2),
            new Conv2D(5, 32, 64, padding: 2, init: Init.He, random: random), new ReLU(), new MaxPool2D(2, 2),
            new Flatten(), new Linear(64 * 4 * 4, 256, init: Init.He, random: random), new ReLU(), new Linear(256, 10, random: random));
        var course = ModernRecipe.Run(context, "course", conv, Augmentation.Shifted(train), test, Side, new TrainingOptions
        {
            BatchSize = 32, Epochs = 10, LearningRate = 0.02f, Rule = UpdateRules.Momentum(0.9f), LearningRateDecay = 0.75f, Seed = context.Seed,
        });

        const int epochs = 40, batch = 32;
        var net = ModernRecipe.Network(Side, [32, 64], convsPerStage: 2, hidden: 128, dropout: 0.3f, new Random(context.Seed + 1));
        var modern = ModernRecipe.Run(context, "modern", net, train, test, Side,
            ModernRecipe.ModernOptions(context.Seed + 1, train.Count, batch, epochs, learningRate: 3e-3f, weightDecay: 0.05f,
                ModernRecipe.Warp(Side, share: 0.8, maxDegrees: 10, maxScale: 0.1, maxShift: 1.5)));

        var s = context.Section;
        s.Result("test accuracy, modern recipe", modern.Accuracy, "F4", Target.AtLeast(0.98));
        s.Result("training time of the modern recipe (s)", modern.Seconds, "F0", Target.AtMost(600, "F0"));
        s.Result("test accuracy, course recipe (Conv2D of usps-conv)", course.Accuracy, "F4");
        s.Paragraph($"{train.Count} training and {test.Count} test images (16×16, pixels in [0, 1]), `CELogSoftmax`. " +
                    $"Course: `{NetworkText.Of(conv)}`, trained on the images and their four one-pixel shifts, SGD with momentum 0.9, " +
                    "step 0.02 decayed ×0.75 per epoch, batch 32, 10 epochs. " +
                    $"Modern: `{NetworkText.Of(net)}`, He initialization, AdamW (step 3·10⁻³, weight decay 0.05), " +
                    $"cosine schedule stepped every batch after a 5 % linear warm-up, batch {batch}, {epochs} epochs; 80 % of the training images of each batch " +
                    "warped at random (rotation ±10°, scale ±10 %, shift ±1.5 pixels). Times are wall-clock on the machine that ran the report.");
        ModernRecipe.Table(context, course, modern);
        ModernRecipe.Curves(context, "modern-usps-curves.svg", "USPS, course and modern recipes: loss and test error per epoch", course, modern);
        var confusion = new ConfusionMatrix(test.Labels, modern.Predicted, 10);
        s.Paragraph("Modern recipe:\n\n```\n" + confusion.Report() + "\n```");
        Figures.Predictions(context, "modern-usps-mistakes.svg", "USPS, modern recipe: misclassified test digits", test, modern.Predicted, 60, onlyMistakes: true);
    }
}
