using DiyNet.Cluster;
using Microsoft.Extensions.Hosting;
using System.CommandLine;

namespace DiyNet.Cluster.Cli;

/// <summary><c>diynet worker --cluster CONNECTION</c>: joins a cluster as a silo that trains trials and data-parallel shards, until stopped.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var cluster = new ClusterOptions();
        var command = new Command("worker", "Join a DiyNet cluster (PostgreSQL membership) and train the trials and shards it is given, until stopped (Ctrl+C).");
        cluster.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            ClusterSettings settings;
            try
            {
                settings = cluster.Read(parse);
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"worker: {e.Message}");
                return 2;
            }
            if (settings.Connection is null)
            {
                Console.Error.WriteLine("worker: --cluster CONNECTION is required (a worker joins a cluster whose membership lives in PostgreSQL).");
                return 2;
            }
            using var host = await ClusterOptions.TryStartHostAsync("worker", settings, clientOnly: false, cancellationToken);
            if (host is null) return 2;
            Console.WriteLine($"worker {Environment.MachineName}/{Environment.ProcessId}: in cluster \"{settings.ClusterId}\" at {settings.Address}:{settings.SiloPort} " +
                              $"(gateway {settings.GatewayPort}), {settings.Slots} slots. Ctrl+C to leave.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
            await host.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }
}
