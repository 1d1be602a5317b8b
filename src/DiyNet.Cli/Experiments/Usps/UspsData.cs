using DiyNet.Data;

namespace DiyNet.Cli.Experiments.Usps;

/// <summary>Loads USPS from the data folder (<c>usps/USPS_train.txt</c>, <c>usps/USPS_test.txt</c>), pixels scaled to [0, 1].</summary>
internal static class UspsData
{
    public static (Dataset Train, Dataset Test) Load(ExperimentContext context)
    {
        string usps = context.DataSetDirectory("usps");
        return (StandardDatasets.Usps(usps, train: true).Scaled(0.5f), StandardDatasets.Usps(usps, train: false).Scaled(0.5f));
    }
}
