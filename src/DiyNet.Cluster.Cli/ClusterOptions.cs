using DiyNet.Cluster;
using System.CommandLine;
using System.Net;

namespace DiyNet.Cluster.Cli;

/// <summary>The options that say how a process joins a DiyNet cluster (<c>sweep</c>, <c>worker</c>, <c>data-parallel</c>).</summary>
internal sealed class ClusterOptions
{
    public Option<string?> Connection { get; } = new("--cluster")
    {
        Description = "PostgreSQL connection string of the cluster's membership, e.g. \"Host=10.0.0.5;Username=diynet;Password=...;Database=diynet\". "
                      + "Without it, everything runs in this process (an embedded silo).",
    };

    public Option<string> ClusterId { get; } = new("--cluster-id") { Description = "Cluster name (processes with the same name and database form one cluster).", DefaultValueFactory = _ => "diynet" };

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
