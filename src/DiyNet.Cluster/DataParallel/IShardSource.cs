using DiyNet.Training;

namespace DiyNet.Cluster;

/// <summary>
/// Builds a data-parallel worker (its replica of the network and its copy of the training rows) from a spec of some
/// kind: a silo holds one source per kind it knows besides the run spec (<see cref="TrainSpec"/>, kind
/// <see cref="RunSpecKind"/>, which every silo knows). <c>diynet train --workers N</c> sends the settings of its run
/// (kind <c>train</c>), which the <c>diynet-cluster</c> silos know how to read.
/// </summary>
public interface IShardSource
{
    /// <summary>The kind of the <see cref="TrainSpec"/> run specs.</summary>
    public const string RunSpecKind = "runspec";

    /// <summary>The kind of spec this source reads.</summary>
    string Kind { get; }

    /// <summary>Builds a worker from <paramref name="spec"/>: the same architecture and the same training rows, in the same order, as the coordinator's.</summary>
    /// <exception cref="ArgumentException">The spec cannot be read.</exception>
    ShardWorker Create(string spec);
}
