namespace DiyNet.Cli.Experiments.Usps;

/// <summary>Loads USPS from the data folder (<c>usps/USPS_train.txt</c>, <c>usps/USPS_test.txt</c>), pixels scaled to [0, 1].</summary>
internal static class UspsData
{
    public static (Dataset Train, Dataset Test) Load(ExperimentContext context)
    {
        string dir = context.RequireDataDirectory(context.Section.Name);
        string usps = Directory.Exists(Path.Combine(dir, "usps")) ? Path.Combine(dir, "usps") : dir;
        return (StandardDatasets.Usps(usps, train: true).Scaled(0.5f), StandardDatasets.Usps(usps, train: false).Scaled(0.5f));
    }
}
