using System.Text.Json.Serialization;

namespace DiyNet.Cli.Training;

/// <summary>
/// The JSON of the train command's files (the model card, run.json, the checkpoint's progress), generated at compile
/// time so the Native AOT executable serializes without reflection: camelCase names, enums as strings, nulls left out,
/// indented.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true, WriteIndented = true)]
[JsonSerializable(typeof(ModelCard))]
[JsonSerializable(typeof(RunRecord))]
[JsonSerializable(typeof(TrainState))]
[JsonSerializable(typeof(TrainSettings))]
internal sealed partial class CliJson : JsonSerializerContext;
