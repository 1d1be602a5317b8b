using DiyNet.Cli.Commands;
using DiyNet.Cluster;
using Microsoft.Extensions.Hosting;
using System.CommandLine;
using System.Net;

namespace DiyNet.Cluster.Cli;

/// <summary>
/// The options that say how a process joins a DiyNet cluster (<c>sweep</c>, <c>worker</c>, <c>data-parallel</c>): the
/// cluster (<see cref="ClusterConnectionOptions"/>, which <c>train --workers N --cluster</c> shares) and this silo's
/// address, ports and slots.
/// </summary>
internal sealed class ClusterOptions
{
    private readonly ClusterConnectionOptions _cluster = new();

    public Option<string?> Connection => _cluster.Connection;

    public Option<string> ClusterId => _cluster.ClusterId;

    public Option<string> Address { get; } = new("--address") { Description = "The address other machines reach this one at.", DefaultValueFactory = _ => "127.0.0.1" };

    public Option<int> SiloPort { get; } = new("--silo-port") { Description = "Silo-to-silo TCP port (0: any free port).", DefaultValueFactory = _ => 11111 };

    public Option<int> GatewayPort { get; } = new("--gateway-port") { Description = "Client gateway TCP port (0: any free port).", DefaultValueFactory = _ => 30000 };

    public Option<int> Slots { get; } = new("--slots") { Description = "Trials this process trains at once (default: its cores; 0 in a sweep: drive only, as a client).", DefaultValueFactory = _ => Environment.ProcessorCount };

    public void AddTo(Command command)
    {
        command.Options.Add(Connection);
        command.Options.Add(ClusterId);
        command.Options.Add(Address);
        command.Options.Add(SiloPort);
        command.Options.Add(GatewayPort);
        command.Options.Add(Slots);
    }

    /// <summary>How long a process that only drives waits for a silo to join its cluster.</summary>
    public static readonly TimeSpan ClientWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Starts this process's side of the cluster: a client that only drives (<paramref name="clientOnly"/>, with a
    /// cluster; it waits up to <see cref="ClientWait"/> for a silo), or a silo that also trains trials and data-parallel
    /// shards (<see cref="ShardSources.All"/>).
    /// </summary>
    public static Task<IHost> StartHostAsync(ClusterSettings settings, bool clientOnly, CancellationToken cancellationToken = default) =>
        clientOnly
            ? ClusterHost.ConnectClientAsync(settings, ClientWait, cancellationToken)
            : ClusterHost.StartSiloAsync(settings, cancellationToken: cancellationToken, shardSources: ShardSources.All);

    /// <summary>
    /// <see cref="StartHostAsync"/>, or null after printing <c>COMMAND: message</c> on standard error when the cluster's
    /// database cannot be reached or the connection string is not PostgreSQL's (the message names the cluster and its
    /// database, never the password).
    /// </summary>
    public static async Task<IHost?> TryStartHostAsync(string command, ClusterSettings settings, bool clientOnly, CancellationToken cancellationToken = default)
    {
        try
        {
            return await StartHostAsync(settings, clientOnly, cancellationToken);
        }
        catch (Exception e) when (e is IOException or ArgumentException)
        {
            Console.Error.WriteLine($"{command}: {e.Message}");
            return null;
        }
    }

    public ClusterSettings Read(ParseResult parse)
    {
        string? connection = parse.GetValue(Connection);
        string address = parse.GetValue(Address)!;
        if (!IPAddress.TryParse(address, out var ip)) throw new FormatException($"--address: \"{address}\" is not an IP address.");
        return new ClusterSettings
        {
            Connection = connection,
            ClusterId = parse.GetValue(ClusterId)!,
            Address = ip,
            SiloPort = connection is null ? 0 : parse.GetValue(SiloPort),
            GatewayPort = connection is null ? 0 : parse.GetValue(GatewayPort),
            Slots = Math.Max(1, parse.GetValue(Slots)),
        };
    }
}
