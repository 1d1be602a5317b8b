using System.CommandLine;
using DiyNet.Cli.Commands;
using DiyNet.Kernels;

namespace DiyNet.Cli;

/// <summary>Entry point of the <c>diynet</c> command.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command.</summary>
    public static int Main(string[] args)
    {
        try { KernelSettings.ReadEnvironment(); }
        catch (Exception e) when (e is InvalidOperationException or DllNotFoundException)
        {
            Console.Error.WriteLine($"diynet: {e.Message}");
            return 2;
        }
        var root = new RootCommand("DiyNet: train, evaluate and report Torch-nn-style networks in C#.");
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ExperimentCommand.Create());
        root.Subcommands.Add(DatasetsCommand.Create());
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        root.Subcommands.Add(DataParallelCommand.Create());
        return root.Parse(args).Invoke();
    }
}
