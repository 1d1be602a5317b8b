using System.CommandLine;
using DiyNet.Cli.Commands;
using DiyNet.Kernels;

namespace DiyNet.Cli;

/// <summary>Entry point of the <c>diynet</c> command.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command.</summary>
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the command line with its output and errors sent to the given writers (tests run the CLI in-process).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        try { KernelSettings.ReadEnvironment(); }
        catch (Exception e) when (e is InvalidOperationException or DllNotFoundException)
        {
            Console.Error.WriteLine($"diynet: {e.Message}");
            return 2;
        }
        if (ClusterLauncher.Handles(args)) return ClusterLauncher.Run(args, output, error);
        var root = new RootCommand("DiyNet: train, evaluate and report Torch-nn-style networks in C#. "
                                   + "Sweeps, workers and data-parallel training: `diynet sweep|worker|data-parallel …` and `diynet train --workers N` (they run diynet-cluster).");
        root.Subcommands.Add(TrainCommand.Create(handOff: () => ClusterLauncher.Run(args, output, error)));
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ExperimentCommand.Create());
        root.Subcommands.Add(DatasetsCommand.Create());
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        // Ctrl-C is handled by the commands that have something to save (train: finish the batch, write a checkpoint) or
        // to stop (serve: the host's console lifetime stops the server).
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
    }
}
