using DiyNet.Data;
using DiyNet.Metrics;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Training;
using DiyNet.Cli.Reports;

namespace DiyNet.Cli.Experiments.Modern;

/// <summary>
/// MNIST with the modern recipe (batch normalization, dropout, AdamW, cosine schedule, warped images) beside the
/// course's recipe on LeNet-5 (SGD with momentum, per-epoch decay).
/// </summary>
internal sealed class ModernMnistExperiment : Experiment
{
    private const int Side = 28;

    public override string Name => "modern-mnist";
    public override string Title => "MNIST: a modern recipe beside the course's";
    public override string Source => "issue 10 (beyond the reports)";
    public override bool NeedsDataFolder => true;

    public override void Run(ExperimentContext context)
    {
        var (train, test) = ExperimentData.Mnist(context);

        var random = new Random(context.Seed);
        var lenet = new Sequential(
            new Conv2D(5, 1, 6, padding: 2, init: Init.He, random: random), new ReLU(), new MaxPool2D(2, 2),
            new Conv2D(5, 6, 16, init: Init.He, random: random), new ReLU(), new MaxPool2D(2, 2),
            new Flatten(),
            new Linear(400, 120, init: Init.He, random: random), new ReLU(),
            new Linear(120, 84, init: Init.He, random: random), new ReLU(),
            new Linear(84, 10, random: random));
        var course = ModernRecipe.Run(context, "course", lenet, train, test, Side, new TrainingOptions
        {
            BatchSize = 64, Epochs = 12, LearningRate = 0.05f, Rule = UpdateRules.Momentum(0.9f), LearningRateDecay = 0.8f, Seed = context.Seed,
        });

        const int epochs = 12, batch = 64;
        var net = ModernRecipe.Network(Side, [32, 64, 128], convsPerStage: 1, hidden: 128, dropout: 0.3f, new Random(context.Seed + 1));
        var modern = ModernRecipe.Run(context, "modern", net, train, test, Side,
            ModernRecipe.ModernOptions(context.Seed + 1, train.Count, batch, epochs, learningRate: 3e-3f, weightDecay: 0.05f,
                ModernRecipe.Warp(Side, share: 0.8, maxDegrees: 10, maxScale: 0.1, maxShift: 2)));

        var s = context.Section;
        s.Result("test accuracy, modern recipe", modern.Accuracy, "F4", Target.AtLeast(0.995));
        s.Result("training time of the modern recipe (s)", modern.Seconds, "F0", Target.AtMost(600, "F0"));
        s.Result("test accuracy, course recipe (LeNet-5)", course.Accuracy, "F4");
        s.Paragraph($"60 000 training and 10 000 test images (28×28, pixels in [0, 1]), `CELogSoftmax`. " +
                    $"Course: `{NetworkText.Of(lenet)}`, SGD with momentum 0.9, step 0.05 decayed ×0.8 per epoch, batch 64, 12 epochs, no augmentation. " +
                    $"Modern: `{NetworkText.Of(net)}`, He initialization, AdamW (step 3·10⁻³, weight decay 0.05), " +
                    $"cosine schedule stepped every batch after a 5 % linear warm-up, batch {batch}, {epochs} epochs; 80 % of the training images of each batch " +
                    "warped at random (rotation ±10°, scale ±10 %, shift ±2 pixels). Times are wall-clock on the machine that ran the report.");
        ModernRecipe.Table(context, course, modern);
        ModernRecipe.Curves(context, "modern-mnist-curves.svg", "MNIST, course and modern recipes: loss and test error per epoch", course, modern);
        var confusion = new ConfusionMatrix(test.Labels, modern.Predicted, 10);
        s.Paragraph("Modern recipe:\n\n```\n" + confusion.Report() + "\n```");
        Figures.Predictions(context, "modern-mnist-mistakes.svg", "MNIST, modern recipe: misclassified test digits", test, modern.Predicted, 40, onlyMistakes: true);
    }
}
