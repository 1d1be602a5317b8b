using DiyNet.Cli.Experiments.Basics;
using DiyNet.Cli.Experiments.Convolution;
using DiyNet.Cli.Experiments.Digits;
using DiyNet.Cli.Experiments.Latent;
using DiyNet.Cli.Experiments.Modern;
using DiyNet.Cli.Experiments.Usps;

namespace DiyNet.Cli.Experiments;

/// <summary>Every experiment, in report order: the first report's chapters 1–3, multi-class, convolutions, autoencoders.</summary>
internal static class ExperimentCatalog
{
    public static IReadOnlyList<Experiment> All { get; } =
    [
        new LinearRegressionExperiment(),
        new LinearClassifierExperiment(),
        new NonLinearExperiment(),
        new FourGaussiansExperiment(),
        new CheckerboardExperiment(),
        new DigitsStudiesExperiment(),
        new UspsMlpExperiment(),
        new ConvDigitsExperiment(),
        new UspsConvExperiment(),
        new MnistLeNetExperiment(),
        new AutoEncoderDigitsExperiment(),
        new AutoEncoderUspsExperiment(),
        new ModernRecipeExperiment(ModernRecipeSetup.Usps),
        new ModernRecipeExperiment(ModernRecipeSetup.Mnist),
    ];

    public static Experiment? Find(string name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
}
