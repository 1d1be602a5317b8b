using System.CommandLine;
using DiyNet.Cli.Experiments;
using DiyNet.Cli.Reports;

namespace DiyNet.Cli.Commands;

/// <summary><c>diynet report</c>: runs every experiment and writes one Markdown report with its figures.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var output = CommonOptions.Output("out/report");
        var data = CommonOptions.Data();
        var seed = CommonOptions.Seed();
        var only = new Option<string[]>("--only") { Description = "Run only these experiments (names, comma- or space-separated).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("report", "Run the experiments of the reports and write report.md with SVG figures. " +
                                            "Without --data it runs those on synthetic and embedded data.") { output, data, seed, only };
        command.SetAction(parse =>
        {
            var names = (parse.GetValue(only) ?? []).SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
            var unknown = names.Where(n => ExperimentCatalog.Find(n) is null).ToArray();
            if (unknown.Length > 0)
            {
                Console.Error.WriteLine($"diynet: no experiment {string.Join(", ", unknown.Select(u => $"'{u}'"))}. Known: {string.Join(", ", ExperimentCatalog.All.Select(e => e.Name))}.");
                return 2;
            }
            var chosen = names.Length == 0 ? ExperimentCatalog.All : names.Select(n => ExperimentCatalog.Find(n)!).ToList();
            return ExperimentRunner.Run(chosen, parse.GetValue(output)!, parse.GetValue(data), parse.GetValue(seed), "DiyNet — experiments of the DIY neural-network reports");
        });
        return command;
    }
}
