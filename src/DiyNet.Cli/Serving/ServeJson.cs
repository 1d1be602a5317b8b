using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiyNet.Cli.Serving;

/// <summary>
/// The JSON that <c>diynet serve</c> writes, generated at compile time (the Native AOT executable serializes without
/// reflection): camelCase names, nulls left out, text escaped only where JSON requires it (<see cref="Web"/>). Floats
/// are written in their shortest round-trip form, so a client that parses them as float32 gets the server's bits.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PredictResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ModelDescription))]
internal sealed partial class ServeJson : JsonSerializerContext
{
    /// <summary>The context the server writes with: the generated metadata, with quotes and non-ASCII text left unescaped.</summary>
    public static ServeJson Web { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
