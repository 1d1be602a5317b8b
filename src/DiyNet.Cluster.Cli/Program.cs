using DiyNet.Kernels;
using System.CommandLine;

namespace DiyNet.Cluster.Cli;

/// <summary>Entry point of <c>diynet-cluster</c> (what <c>diynet sweep</c>, <c>diynet worker</c>, <c>diynet data-parallel</c> and <c>diynet train --workers N</c> run).</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command; Ctrl+C stops a worker or a training cleanly.</summary>
    public static int Main(string[] args)
    {
        try { KernelSettings.ReadEnvironment(); }
        catch (Exception e) when (e is InvalidOperationException or DllNotFoundException)
        {
            Console.Error.WriteLine($"diynet: {e.Message}");
            return 2;
        }
        var root = new RootCommand("DiyNet on a cluster (Microsoft Orleans): hyper-parameter sweeps, workers, data-parallel training.");
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        root.Subcommands.Add(DataParallelCommand.Create());
        // `diynet train` itself (its options, folder and files); `--workers N` trains on worker grains of an embedded silo,
        // or of the cluster of `--cluster CONNECTION`.
        root.Subcommands.Add(DiyNet.Cli.Commands.TrainCommand.Create(cluster: join => new TrainWorkerCluster(join)));
        return root.Parse(args).Invoke();
    }
}
