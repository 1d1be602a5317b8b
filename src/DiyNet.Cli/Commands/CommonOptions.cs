using System.CommandLine;

namespace DiyNet.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    public static Option<string> Output(string defaultPath) => new("--out", "-o")
    {
        Description = "Output folder (created if missing).",
        DefaultValueFactory = _ => defaultPath,
    };

    public static Option<string?> Data() => new("--data")
    {
        Description = "Folder with the real data sets (usps/USPS_train.txt, USPS_test.txt; mnist/*.gz).",
    };

    public static Option<int> Seed() => new("--seed")
    {
        Description = "Base random seed.",
        DefaultValueFactory = _ => 1,
    };
}
