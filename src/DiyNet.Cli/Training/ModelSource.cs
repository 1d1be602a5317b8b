using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DiyNet.Modules;
using DiyNet.Serialization;
using YamlDotNet.RepresentationModel;

namespace DiyNet.Cli.Training;

/// <summary>
/// Reads the <c>--model</c> of <c>diynet train</c>: a one-line spec (<c>"Linear(_,64) ReLU Linear(64,_)"</c>), or a
/// file holding the architecture tree as JSON (<c>.json</c>) or YAML (<c>.yaml</c>, <c>.yml</c>) — the same tree a model
/// file stores — with <c>_</c> for sizes taken from the data.
/// </summary>
internal static class ModelSource
{
    /// <summary>The architecture, every <c>_</c> filled from the data and every module checked against its input.</summary>
    /// <exception cref="SpecException">A one-line spec that is malformed or does not fit the data.</exception>
    /// <exception cref="ModuleSpecException">A JSON or YAML tree that is malformed or does not fit the data.</exception>
    public static ModuleSpec Read(string model, int[] exampleShape, int outputs)
    {
        string extension = Path.GetExtension(model).ToLowerInvariant();
        if (extension is ".json" or ".yaml" or ".yml")
        {
            if (!File.Exists(model)) throw new FileNotFoundException($"{model}: no such model file.", model);
            string text = File.ReadAllText(model);
            string json = extension == ".json" ? text : YamlToJson(text, model);
            ModuleSpec tree;
            try { tree = ModuleSpec.FromJson(json); }
            catch (ModuleSpecException e) { throw new ModuleSpecException($"{model}: {e.Message}", e); }
            try { return ModelSpecs.Infer(tree, exampleShape, outputs); }
            catch (ModuleSpecException e) { throw new ModuleSpecException($"{model}: {e.Message}", e); }
        }
        return ModelSpecs.Parse(model, exampleShape, outputs);
    }

    /// <summary>The one-line spec of a network (for logs and reports).</summary>
    public static string OneLine(Module net) => ModelSpecs.ToLine(ModuleSpec.Of(net));

    /// <summary>Converts a YAML document to JSON: mappings, sequences, and scalars typed as YAML 1.2's core schema types them.</summary>
    /// <exception cref="ModuleSpecException">The text is not YAML.</exception>
    internal static string YamlToJson(string yaml, string source)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlDotNet.Core.YamlException e) { throw new ModuleSpecException($"{source}: not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e); }
        if (stream.Documents.Count != 1) throw new ModuleSpecException($"{source}: expected one YAML document, found {stream.Documents.Count}.");
        return Convert(stream.Documents[0].RootNode)?.ToJsonString() ?? "null";
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", Convert(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: not YamlDotNet.Core.ScalarStyle.Plain } s => JsonValue.Create(s.Value),
        YamlScalarNode s => Scalar(s.Value),
        _ => throw new ModuleSpecException($"unsupported YAML node at {node.Start}."),
    };

    private static JsonNode? Scalar(string? text)
    {
        if (text is null or "null" or "~" or "") return null;
        if (text is "true" or "false") return JsonValue.Create(text == "true");
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long i)) return JsonValue.Create(i);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return JsonValue.Create(d);
        return JsonValue.Create(text);
    }
}
