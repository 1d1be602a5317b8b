using DiyNet.Data;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Training;
using DiyNet.Cli.Experiments.Convolution;

namespace DiyNet.Cli.Experiments.Modern;

/// <summary>
/// What differs between the modern-recipe experiments of the two image data sets: the data, the course's network
/// and recipe to compare against, the modern network's stages, the schedule's length and the warp's shift.
/// </summary>
/// <param name="Name">The experiment's command-line name.</param>
/// <param name="DataSet">The data set's name in the text (USPS, MNIST).</param>
/// <param name="Side">Image side (square, one channel).</param>
/// <param name="Load">Loads the training and test sets.</param>
/// <param name="CourseNetwork">The course's network, from a seeded random source.</param>
/// <param name="CourseOptions">The course's recipe for a seed (no validation or progress: the experiment adds them).</param>
/// <param name="CourseTraining">The course's training set from the loaded one (e.g. with shifted copies).</param>
/// <param name="CourseText">The course's recipe in words, after its network.</param>
/// <param name="Stages">Channels of each convolution stage of the modern network.</param>
/// <param name="ConvsPerStage">Convolutions per stage.</param>
/// <param name="Epochs">Epochs of the modern recipe.</param>
/// <param name="Batch">Batch size of the modern recipe.</param>
/// <param name="MaxShift">Largest shift of the warp, in pixels.</param>
/// <param name="Target">The modern recipe's test-accuracy target.</param>
/// <param name="Mistakes">How many misclassified test images the figure shows.</param>
internal sealed record ModernRecipeSetup(
    string Name, string DataSet, int Side, Func<ExperimentContext, (Dataset Train, Dataset Test)> Load,
    Func<Random, Module> CourseNetwork, Func<int, TrainingOptions> CourseOptions, Func<Dataset, Dataset> CourseTraining, string CourseText,
    int[] Stages, int ConvsPerStage, int Epochs, int Batch, double MaxShift, double Target, int Mistakes)
{
    /// <summary>USPS: against usps-conv's Conv2D network, trained on the images and their four one-pixel shifts.</summary>
    public static ModernRecipeSetup Usps { get; } = new(
        "modern-usps", "USPS", 16, ExperimentData.Usps,
        UspsConvExperiment.Conv2DNetwork,
        seed => new TrainingOptions
        {
            BatchSize = 32, Epochs = 10, LearningRate = 0.02f, Rule = UpdateRules.Momentum(0.9f), LearningRateDecay = 0.75f, Seed = seed,
        },
        train => Augmentation.Shifted(train),
        "trained on the images and their four one-pixel shifts, SGD with momentum 0.9, step 0.02 decayed ×0.75 per epoch, batch 32, 10 epochs",
        Stages: [32, 64], ConvsPerStage: 2, Epochs: 60, Batch: 32, MaxShift: 1.5, Target: 0.98, Mistakes: 60);

    /// <summary>MNIST: against LeNet-5 with the course's recipe (mnist-lenet).</summary>
    public static ModernRecipeSetup Mnist { get; } = new(
        "modern-mnist", "MNIST", 28, ExperimentData.Mnist,
        MnistLeNetExperiment.LeNet5, MnistLeNetExperiment.Recipe, train => train,
        "SGD with momentum 0.9, step 0.05 decayed ×0.8 per epoch, batch 64, 12 epochs, no augmentation",
        Stages: [32, 64, 128], ConvsPerStage: 1, Epochs: 12, Batch: 64, MaxShift: 2, Target: 0.995, Mistakes: 40);
}
