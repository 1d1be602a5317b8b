using System.CommandLine;

namespace DiyNet.Cli.Commands;

/// <summary>
/// The options that name a DiyNet cluster: <c>--cluster CONNECTION</c> (its PostgreSQL membership) and
/// <c>--cluster-id</c>. <c>diynet train</c> declares them so that the native <c>diynet</c> accepts them and hands the
/// command line to <c>diynet-cluster</c>, whose sweep, worker and data-parallel commands declare them too (with the
/// address and ports a silo needs).
/// </summary>
internal sealed class ClusterConnectionOptions
{
    /// <summary>The default of <c>--cluster-id</c>.</summary>
    public const string DefaultClusterId = "diynet";

    /// <summary><c>--cluster CONNECTION</c>.</summary>
    public Option<string?> Connection { get; } = new("--cluster")
    {
        Description = "PostgreSQL connection string of the cluster's membership, e.g. \"Host=10.0.0.5;Username=diynet;Password=...;Database=diynet\". "
                      + "Without it, everything runs in this process (an embedded silo).",
    };

    /// <summary><c>--cluster-id NAME</c>.</summary>
    public Option<string> ClusterId { get; } = new("--cluster-id")
    {
        Description = "Cluster name (processes with the same name and database form one cluster).", DefaultValueFactory = _ => DefaultClusterId,
    };

    /// <summary>True when <c>--cluster-id</c> was given on the command line (not its default).</summary>
    public bool ClusterIdGiven(ParseResult parse) => parse.GetResult(ClusterId) is { Implicit: false };
}
