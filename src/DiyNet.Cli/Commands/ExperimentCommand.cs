using System.CommandLine;
using DiyNet.Cli.Experiments;
using DiyNet.Cli.Reports;

namespace DiyNet.Cli.Commands;

/// <summary><c>diynet experiment NAME</c>: runs one experiment and writes its report section and figures.</summary>
internal static class ExperimentCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "The experiment to run (omit to list them).", Arity = ArgumentArity.ZeroOrOne };
        var output = CommonOptions.Output("out/experiments");
        var data = CommonOptions.Data();
        var seed = CommonOptions.Seed();
        var command = new Command("experiment", "Run one experiment of the reports (list them without a name).") { name, output, data, seed };
        command.SetAction(parse =>
        {
            string? chosen = parse.GetValue(name);
            if (chosen is null)
            {
                foreach (var e in ExperimentCatalog.All)
                    Console.WriteLine($"  {e.Name,-24} {e.Title}{(e.NeedsDataFolder ? "  [needs --data]" : "")}");
                return 0;
            }
            var experiment = ExperimentCatalog.Find(chosen);
            if (experiment is null)
            {
                Console.Error.WriteLine($"diynet: no experiment '{chosen}'. Known: {string.Join(", ", ExperimentCatalog.All.Select(e => e.Name))}.");
                return 2;
            }
            if (experiment.NeedsDataFolder && parse.GetValue(data) is null)
            {
                Console.Error.WriteLine($"diynet: experiment '{experiment.Name}' needs a data folder: pass --data DIR.");
                return 2;
            }
            string dir = Path.Combine(parse.GetValue(output)!, experiment.Name);
            return ExperimentRunner.Run([experiment], dir, parse.GetValue(data), parse.GetValue(seed), experiment.Title);
        });
        return command;
    }
}
