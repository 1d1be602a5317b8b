using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiyNet.Cluster;

/// <summary>
/// The JSON of run specs, generated at compile time so that a trimmed or Native AOT executable reads and writes them
/// without reflection: camelCase names, unknown fields refused, numbers also read from strings, nulls left out, indented.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.AllowReadingFromString, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(TrainSpec))]
internal sealed partial class SpecJson : JsonSerializerContext
{
    /// <summary>The writer settings of the other JSON files of a sweep folder (indented).</summary>
    public static JsonSerializerOptions Indented => Default.Options;
}
