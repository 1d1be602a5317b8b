using DiyNet.Cli.Training;
using DiyNet.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiyNet.Cluster.Cli;

/// <summary>
/// The workers of <c>diynet train --workers N</c>: N worker grains (<see cref="GrainShardWorkers"/>) on a silo embedded
/// in this process, which reads the run's data and builds its replicas with <see cref="TrainShardSource"/>.
/// Disposing it stops the silo.
/// </summary>
internal sealed class TrainWorkerCluster : IWorkerCluster
{
    private IHost? _host;

    /// <inheritdoc />
    public IShardWorkers Connect(TrainSettings settings, int count)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (_host is not null) throw new InvalidOperationException("TrainWorkerCluster: already connected.");
        _host = ClusterHost.StartSiloAsync(new ClusterSettings { Slots = 1 }, LogLevel.Error, shardSources: ShardSources.All).GetAwaiter().GetResult();
        var grains = _host.Services.GetRequiredService<IGrainFactory>();
        return new GrainShardWorkers(grains, count, TrainShardSource.TrainKind, TrainShardSource.Spec(settings), $"train-{Guid.NewGuid():N}");
    }

    /// <summary>Stops the silo.</summary>
    public void Dispose()
    {
        if (_host is null) return;
        _host.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _host.Dispose();
        _host = null;
    }
}
