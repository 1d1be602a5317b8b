using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DiyNet.Cluster;

/// <summary>
/// Reads a spec file — JSON, or YAML (by its <c>.yaml</c>/<c>.yml</c> extension) — into a JSON tree. Plain YAML
/// scalars become numbers or booleans when they read as such; quoted ones stay strings.
/// </summary>
public static class SpecReader
{
    /// <summary>The file as a JSON tree.</summary>
    /// <exception cref="FormatException">The file is neither valid YAML nor valid JSON (the message gives the line).</exception>
    public static JsonNode Read(string path)
    {
        string text = File.ReadAllText(path);
        string ext = Path.GetExtension(path).ToLowerInvariant();
        return ext is ".yaml" or ".yml" ? FromYaml(text, path) : FromJson(text, path);
    }

    /// <summary>JSON text as a tree.</summary>
    public static JsonNode FromJson(string text, string origin)
    {
        try
        {
            return JsonNode.Parse(text) ?? throw new FormatException($"{origin}: empty spec.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{origin}: {e.Message}", e);
        }
    }

    /// <summary>YAML text as a tree.</summary>
    public static JsonNode FromYaml(string text, string origin)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException($"{origin}: line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }
        if (stream.Documents.Count != 1) throw new FormatException($"{origin}: expected one YAML document, found {stream.Documents.Count}.");
        return Convert(stream.Documents[0].RootNode, origin) ?? throw new FormatException($"{origin}: empty spec.");
    }

    private static JsonNode? Convert(YamlNode node, string origin) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(
            kv.Key is YamlScalarNode k ? k.Value ?? "" : throw new FormatException($"{origin}: line {kv.Key.Start.Line}: keys must be plain names."),
            Convert(kv.Value, origin)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(c => Convert(c, origin))]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new FormatException($"{origin}: line {node.Start.Line}: unsupported YAML node."),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        string value = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain) return JsonValue.Create(value);
        if (value is "" or "~" or "null") return null;
        if (value is "true" or "false") return JsonValue.Create(value == "true");
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i)) return JsonValue.Create(i);
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return JsonValue.Create(d);
        return JsonValue.Create(value);
    }

    /// <summary>A JSON scalar as the object a <see cref="Training.ParameterSet"/> holds: int, double, bool or string.</summary>
    /// <exception cref="FormatException">The node is an object or an array.</exception>
    public static object ScalarValue(JsonNode? node, string what)
    {
        if (node is not JsonValue value) throw new FormatException($"sweep: {what} must be a number, a boolean or a string, got {node?.ToJsonString() ?? "null"}.");
        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.TryGetValue(out int i) ? i
                : double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue ? (int)d
                : double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture),
            _ => throw new FormatException($"sweep: {what} must be a number, a boolean or a string, got {value.ToJsonString()}."),
        };
    }
}
