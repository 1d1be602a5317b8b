using DiyNet.Cli.Training;
using DiyNet.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiyNet.Cluster.Cli;

/// <summary>
/// The workers of <c>diynet train --workers N</c>: N worker grains (<see cref="GrainShardWorkers"/>), which read the
/// run's data and build their replicas with <see cref="TrainShardSource"/>, on a silo embedded in this process, or,
/// with <c>--cluster</c>, on the silos of that cluster (<c>diynet worker --cluster …</c> processes, spread one per silo
/// in turn), which this process joins as a client. Disposing it stops the silo or leaves the cluster.
/// </summary>
/// <param name="cluster">The cluster of <c>--cluster</c>, or null for an embedded silo.</param>
internal sealed class TrainWorkerCluster(ClusterConnection? cluster) : IWorkerCluster
{
    private IHost? _host;
    private GrainShardWorkers? _workers;

    /// <inheritdoc />
    public IShardWorkers Connect(TrainSettings settings, int count, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        if (_host is not null) throw new InvalidOperationException("TrainWorkerCluster: already connected.");
        if (cluster is null)
            _host = ClusterHost.StartSiloAsync(new ClusterSettings { Slots = 1 }, LogLevel.Error, shardSources: ShardSources.All).GetAwaiter().GetResult();
        else
        {
            var join = new ClusterSettings { Connection = cluster.Connection, ClusterId = cluster.ClusterId };
            _host = ClusterHost.ConnectClientAsync(join, cluster.Wait).GetAwaiter().GetResult();
            var hosts = _host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).GetAwaiter().GetResult();
            var silos = hosts.Keys.Select(s => s.Endpoint.ToString()).Order(StringComparer.Ordinal).ToList();
            log.WriteLine($"{join.Describe()}: {silos.Count} worker silo{(silos.Count == 1 ? "" : "s")} ({string.Join(", ", silos)}); " +
                          $"the {count} workers go to {Math.Min(count, silos.Count)} of them, one per silo in turn");
        }
        var grains = _host.Services.GetRequiredService<IGrainFactory>();
        _workers = new GrainShardWorkers(grains, count, TrainShardSource.TrainKind, TrainShardSource.Spec(settings), $"train-{Guid.NewGuid():N}");
        return _workers;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Summary() => _workers is null
        ? []
        : [$"shards computed per silo: {string.Join(", ", _workers.ShardsBySilo.Select(s => $"{s.Key} {s.Value}"))}"];

    /// <summary>Stops the silo, or leaves the cluster.</summary>
    public void Dispose()
    {
        if (_host is null) return;
        _host.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _host.Dispose();
        _host = null;
    }
}
