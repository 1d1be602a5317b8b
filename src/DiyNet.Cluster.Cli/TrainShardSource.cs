using DiyNet.Cli.Training;
using DiyNet.Training;
using System.Text.Json;

namespace DiyNet.Cluster.Cli;

/// <summary>
/// Builds the worker grains of <c>diynet train --workers N</c>: the spec is the run's settings (as in its run.json,
/// with absolute data paths), from which each worker reads the training rows and builds a replica of the network as
/// <c>diynet train</c> does. Registered on every <c>diynet-cluster</c> silo.
/// </summary>
internal sealed class TrainShardSource : IShardSource
{
    /// <summary>The kind of the train settings specs.</summary>
    public const string TrainKind = "train";

    /// <inheritdoc />
    public string Kind => TrainKind;

    /// <inheritdoc />
    public ShardWorker Create(string spec)
    {
        TrainSettings settings;
        try
        {
            settings = JsonSerializer.Deserialize(spec, CliJson.Default.TrainSettings)
                ?? throw new ArgumentException("TrainShardSource: the train settings are empty (null JSON).");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"TrainShardSource: the spec is not train settings: {e.Message}", e);
        }
        return TrainingSession.Worker(settings);
    }

    /// <summary>The spec of <paramref name="settings"/>: its JSON with the data paths made absolute (the workers read them from their own folder).</summary>
    public static string Spec(TrainSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        static DataRequest Absolute(DataRequest r) =>
            r with { Path = Path.GetFullPath(r.Path), Labels = r.Labels is null ? null : Path.GetFullPath(r.Labels) };
        var absolute = settings with { Data = Absolute(settings.Data), Validation = settings.Validation is { } v ? Absolute(v) : null };
        return JsonSerializer.Serialize(absolute, CliJson.Default.TrainSettings);
    }
}
