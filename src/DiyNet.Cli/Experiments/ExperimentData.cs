using DiyNet.Data;

namespace DiyNet.Cli.Experiments;

/// <summary>The data sets the experiments share, loaded one way: the embedded 8×8 digits and, from the data folder,
/// USPS and MNIST.</summary>
internal static class ExperimentData
{
    /// <summary>The embedded 8×8 digits, pixels scaled to [0, 1], split 70/30 with the experiment's seed.</summary>
    public static (Dataset Train, Dataset Test) Digits(ExperimentContext context) =>
        EmbeddedData.Digits().Scaled(1f / 16f).Split(0.3, context.Seed);

    /// <summary>USPS from the data folder (<c>usps/USPS_train.txt</c>, <c>usps/USPS_test.txt</c>), pixels scaled to [0, 1].</summary>
    public static (Dataset Train, Dataset Test) Usps(ExperimentContext context)
    {
        string usps = DataSetDirectory(context, "usps");
        return (StandardDatasets.Usps(usps, train: true).Scaled(0.5f), StandardDatasets.Usps(usps, train: false).Scaled(0.5f));
    }

    /// <summary>MNIST from the data folder (<c>mnist/*.gz</c>), pixels scaled to [0, 1].</summary>
    public static (Dataset Train, Dataset Test) Mnist(ExperimentContext context)
    {
        string mnist = DataSetDirectory(context, "mnist");
        return (StandardDatasets.Mnist(mnist, train: true, scaleToUnit: true), StandardDatasets.Mnist(mnist, train: false, scaleToUnit: true));
    }

    /// <summary>
    /// The folder of one data set: <c>DIR/subfolder</c> when the data folder has it (the layout of
    /// <c>../shared/data</c>), else the data folder itself.
    /// </summary>
    private static string DataSetDirectory(ExperimentContext context, string subfolder)
    {
        string dir = context.RequireDataDirectory(context.Section.Name);
        string nested = Path.Combine(dir, subfolder);
        return Directory.Exists(nested) ? nested : dir;
    }
}
