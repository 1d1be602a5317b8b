using DiyNet.Training;

namespace DiyNet.Cli.Training;

/// <summary>
/// Where <c>diynet train --workers N</c> finds its N data-parallel workers: worker grains on an Orleans silo that
/// <c>diynet-cluster</c> starts, or on the silos of the cluster of <c>--cluster</c> (the native <c>diynet</c> has none:
/// it hands such a command line to <c>diynet-cluster</c>). Disposing it stops the silo, or leaves the cluster.
/// </summary>
internal interface IWorkerCluster : IDisposable
{
    /// <summary>Workers that each build a replica of the run's network and its training rows from <paramref name="settings"/>.</summary>
    /// <param name="settings">The run (with a shard size).</param>
    /// <param name="count">Number of workers (≥ 2).</param>
    /// <param name="log">Where the workers are (lines for the user).</param>
    /// <exception cref="IOException">The cluster cannot be reached, or has no worker silo.</exception>
    IShardWorkers Connect(TrainSettings settings, int count, TextWriter log);

    /// <summary>After training: which silos computed how many shards (lines for the user).</summary>
    IReadOnlyList<string> Summary();
}
