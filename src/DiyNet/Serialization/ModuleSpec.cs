using System.Buffers;
using System.Text;
using System.Text.Json;
using DiyNet.Modules;
using DiyNet.Tensors;

namespace DiyNet.Serialization;

/// <summary>
/// The architecture of a network as data: a module type name (the C# class name), its constructor arguments by
/// name and, for containers, the specs of its children. It is what a model file stores in its metadata, what a
/// one-line model spec parses into, and what <see cref="Build()"/> turns back into a fresh network (new weights, drawn
/// as the constructors draw them).
/// </summary>
/// <remarks>
/// JSON form: <c>{"type":"Sequential","children":[{"type":"Linear","args":{"inputDim":64,"outputDim":10,"bias":true}},{"type":"ReLU"}]}</c>.
/// Argument values are JSON numbers, booleans, strings or arrays of integers; <see cref="ModuleCatalog"/> knows the
/// arguments of each type, fills in defaults and refuses unknown names and wrong kinds.
/// </remarks>
public sealed class ModuleSpec
{
    private readonly KeyValuePair<string, JsonElement>[] _args;
    private readonly ModuleSpec[] _children;

    /// <summary>A spec of type <paramref name="type"/> with the given arguments (in order) and children.</summary>
    /// <exception cref="ArgumentException">The type name is empty or an argument name repeats.</exception>
    public ModuleSpec(string type, IEnumerable<KeyValuePair<string, JsonElement>>? args = null, IEnumerable<ModuleSpec>? children = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        Type = type;
        _args = args?.ToArray() ?? [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in _args)
            if (!seen.Add(name)) throw new ArgumentException($"ModuleSpec {type}: argument '{name}' is given twice.", nameof(args));
        _children = children?.ToArray() ?? [];
        foreach (var c in _children) ArgumentNullException.ThrowIfNull(c, nameof(children));
    }

    /// <summary>The module type, e.g. <c>Linear</c>.</summary>
    public string Type { get; }

    /// <summary>The constructor arguments, by name, in the order given.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> Args => _args;

    /// <summary>The children of a container (empty for a plain layer).</summary>
    public IReadOnlyList<ModuleSpec> Children => _children;

    /// <summary>Builds the network this spec describes (fresh parameters).</summary>
    /// <exception cref="ModuleSpecException">An unknown type, a missing, unknown or ill-typed argument, a wrong
    /// number of children, or arguments the module's constructor refuses.</exception>
    public Module Build() => ModuleCatalog.Build(this);

    /// <summary>
    /// Builds the network this spec describes with every initial value drawn from <paramref name="random"/>, module
    /// after module in the spec's order, as if each constructor had been given <paramref name="random"/> (the default
    /// generator, <see cref="Rng"/>, is neither read nor advanced): the same spec and seed give the same weights on any
    /// thread, whatever else runs at the same time.
    /// </summary>
    /// <param name="random">Source of the initial weights (and of the seeds of dropout's mask streams).</param>
    /// <exception cref="ModuleSpecException">As <see cref="Build()"/>.</exception>
    public Module Build(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var previous = Rng.BuildFrom(random);
        try { return ModuleCatalog.Build(this); }
        finally { Rng.BuildFrom(previous); }
    }

    /// <summary>The spec of an existing network (types and constructor arguments of every module).</summary>
    /// <exception cref="ModuleSpecException">A module's type is not in the <see cref="ModuleCatalog"/>.</exception>
    public static ModuleSpec Of(Module module) => ModuleCatalog.Describe(module);

    /// <summary>True when an argument named <paramref name="name"/> is present.</summary>
    public bool Has(string name) => _args.Any(a => a.Key == name);

    /// <summary>The value of argument <paramref name="name"/>.</summary>
    /// <exception cref="ModuleSpecException">The argument is absent.</exception>
    public JsonElement Arg(string name)
    {
        foreach (var (key, value) in _args)
            if (key == name) return value;
        throw new ModuleSpecException($"{Type}: argument '{name}' is missing.");
    }

    /// <summary>Argument <paramref name="name"/> as a whole number.</summary>
    public int Int(string name) => Read(name, ArgumentKind.Int, v => v.GetInt32());

    /// <summary>Argument <paramref name="name"/> as a float.</summary>
    public float Float(string name) => Read(name, ArgumentKind.Float, v => v.GetSingle());

    /// <summary>Argument <paramref name="name"/> as true or false.</summary>
    public bool Bool(string name) => Read(name, ArgumentKind.Bool, v => v.GetBoolean());

    /// <summary>Argument <paramref name="name"/> as a list of whole numbers.</summary>
    public int[] Ints(string name) => Read(name, ArgumentKind.IntList, v => v.EnumerateArray().Select(e => e.GetInt32()).ToArray());

    /// <summary>Argument <paramref name="name"/> as a string.</summary>
    public string Text(string name) => Read(name, ArgumentKind.Text, v => v.GetString()!);

    private T Read<T>(string name, ArgumentKind kind, Func<JsonElement, T> read)
    {
        var value = Arg(name);
        if (!new ModuleArgument(name, kind).Accepts(value))
            throw new ModuleSpecException($"{Type}: argument '{name}' is {value.GetRawText()}, expected {Describe(kind)}.");
        return read(value);
    }

    internal static string Describe(ArgumentKind kind) => kind switch
    {
        ArgumentKind.Int => "a whole number",
        ArgumentKind.Float => "a finite number",
        ArgumentKind.Bool => "true or false",
        ArgumentKind.IntList => "a list of whole numbers",
        _ => "a string",
    };

    /// <summary>The spec as JSON (compact unless <paramref name="indented"/>).</summary>
    public string ToJson(bool indented = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented })) WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the spec as one JSON object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("type", Type);
        if (_args.Length > 0)
        {
            writer.WriteStartObject("args");
            foreach (var (name, value) in _args)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        if (_children.Length > 0)
        {
            writer.WriteStartArray("children");
            foreach (var child in _children) child.WriteTo(writer);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    /// <summary>Reads a spec from its JSON form (no code runs: only the catalog's constructors, on <see cref="Build()"/>).</summary>
    /// <exception cref="ModuleSpecException">The text is not JSON or not a spec; the message says where.</exception>
    public static ModuleSpec FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth }); }
        catch (JsonException e) { throw new ModuleSpecException($"The architecture is not valid JSON: {e.Message}", e); }
        using (doc) return FromJson(doc.RootElement, "$");
    }

    /// <summary>The deepest nesting of JSON accepted (containers in containers).</summary>
    public const int MaxDepth = 64;

    /// <summary>Reads a spec from a JSON element; <paramref name="path"/> names it in errors (<c>$.children[2]</c>).</summary>
    public static ModuleSpec FromJson(JsonElement element, string path = "$")
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new ModuleSpecException($"Architecture {path}: expected an object with \"type\", found {element.ValueKind}.");
        string? type = null;
        var args = new List<KeyValuePair<string, JsonElement>>();
        var children = new List<ModuleSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
                throw new ModuleSpecException($"Architecture {path}: property \"{property.Name}\" appears twice.");
            switch (property.Name)
            {
                case "type":
                    if (property.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(property.Value.GetString()))
                        throw new ModuleSpecException($"Architecture {path}.type: expected a type name, found {property.Value.GetRawText()}.");
                    type = property.Value.GetString();
                    break;
                case "args":
                    if (property.Value.ValueKind != JsonValueKind.Object)
                        throw new ModuleSpecException($"Architecture {path}.args: expected an object, found {property.Value.ValueKind}.");
                    var names = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var arg in property.Value.EnumerateObject())
                    {
                        if (!names.Add(arg.Name)) throw new ModuleSpecException($"Architecture {path}.args: \"{arg.Name}\" appears twice.");
                        args.Add(new(arg.Name, arg.Value.Clone()));
                    }
                    break;
                case "children":
                    if (property.Value.ValueKind != JsonValueKind.Array)
                        throw new ModuleSpecException($"Architecture {path}.children: expected an array, found {property.Value.ValueKind}.");
                    int i = 0;
                    foreach (var child in property.Value.EnumerateArray()) children.Add(FromJson(child, $"{path}.children[{i++}]"));
                    break;
                default:
                    throw new ModuleSpecException($"Architecture {path}: unknown property \"{property.Name}\" (expected type, args, children).");
            }
        }
        if (type is null) throw new ModuleSpecException($"Architecture {path}: \"type\" is missing.");
        return new ModuleSpec(type, args, children);
    }

    /// <summary>A compact one-line form: <c>Sequential(Linear(inputDim: 64, outputDim: 10, bias: true), ReLU)</c>.</summary>
    public override string ToString()
    {
        var parts = _args.Select(a => $"{a.Key}: {a.Value.GetRawText()}").Concat(_children.Select(c => c.ToString()));
        string inner = string.Join(", ", parts);
        return inner.Length == 0 ? Type : $"{Type}({inner})";
    }
}
