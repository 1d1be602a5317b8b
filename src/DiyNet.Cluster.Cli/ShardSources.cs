namespace DiyNet.Cluster.Cli;

/// <summary>The kinds of data-parallel spec the silos of <c>diynet-cluster</c> read besides run specs (<see cref="IShardSource"/>).</summary>
internal static class ShardSources
{
    /// <summary>Every source: the settings of <c>diynet train --workers N</c>.</summary>
    public static IReadOnlyList<IShardSource> All { get; } = [new TrainShardSource()];
}
