using Npgsql;
using System.Net;

namespace DiyNet.Cluster;

/// <summary>How a process joins a DiyNet cluster.</summary>
public sealed record ClusterSettings
{
    /// <summary>The PostgreSQL connection string of the membership table; null for an embedded single-process silo.</summary>
    public string? Connection { get; init; }

    /// <summary>The cluster's name: processes with the same name and database form one cluster.</summary>
    public string ClusterId { get; init; } = "diynet";

    /// <summary>The address other machines reach this one at (default: 127.0.0.1, one machine).</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>Silo-to-silo port (0: any free port).</summary>
    public int SiloPort { get; init; }

    /// <summary>Client gateway port (0: any free port).</summary>
    public int GatewayPort { get; init; }

    /// <summary>Trials this silo trains at once.</summary>
    public int Slots { get; init; } = Environment.ProcessorCount;

    /// <summary>How long a silo may miss its probes before the others declare it dead (its trials then run elsewhere).</summary>
    public TimeSpan FailureDetection { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>The settings without the connection string's password: <see cref="Describe"/>, then the address, ports and slots.</summary>
    public override string ToString() =>
        $"ClusterSettings {{ {Describe()}, id {ClusterId}, address {Address}, silo port {SiloPort}, gateway port {GatewayPort}, slots {Slots} }}";

    /// <summary>
    /// For messages: an embedded silo, or the cluster's name with its database's host, port, name and user (never the
    /// password).
    /// </summary>
    public string Describe()
    {
        if (Connection is null) return "an embedded silo in this process";
        try
        {
            var b = new NpgsqlConnectionStringBuilder(Connection);
            return $"cluster \"{ClusterId}\" (PostgreSQL at {b.Host ?? "localhost"}:{b.Port}, database {b.Database ?? b.Username ?? "?"}, user {b.Username ?? "?"})";
        }
        catch (ArgumentException)
        {
            return $"cluster \"{ClusterId}\" (its connection string is not PostgreSQL's)";
        }
    }
}
