using System.Text.Json;

namespace DiyNet.Serialization;

/// <summary>
/// One constructor argument of a module type in the <see cref="ModuleCatalog"/>: its name (the C# parameter name),
/// its kind and its default value (null when the argument is required). The arguments of an entry are listed in
/// constructor order, so that a one-line spec may give them by position.
/// </summary>
/// <param name="Name">The argument's name, e.g. <c>kSize</c>.</param>
/// <param name="Kind">The kind of value it takes.</param>
/// <param name="Default">The value used when a spec omits it, or null when it is required.</param>
public sealed record ModuleArgument(string Name, ArgumentKind Kind, JsonElement? Default = null)
{
    /// <summary>A required argument.</summary>
    public static ModuleArgument Required(string name, ArgumentKind kind) => new(name, kind);

    /// <summary>An optional whole-number argument.</summary>
    public static ModuleArgument Optional(string name, int value) => new(name, ArgumentKind.Int, JsonValues.From(value));

    /// <summary>An optional float argument.</summary>
    public static ModuleArgument Optional(string name, float value) => new(name, ArgumentKind.Float, JsonValues.From(value));

    /// <summary>An optional true/false argument.</summary>
    public static ModuleArgument Optional(string name, bool value) => new(name, ArgumentKind.Bool, JsonValues.From(value));

    /// <summary>An optional string argument.</summary>
    public static ModuleArgument Optional(string name, string value) => new(name, ArgumentKind.Text, JsonValues.From(value));

    /// <summary>An optional argument whose default is the constructor's own (JSON null: "not given").</summary>
    public static ModuleArgument OptionalNull(string name, ArgumentKind kind) => new(name, kind, JsonValues.Null);

    /// <summary>True when <paramref name="value"/> is a JSON value of this argument's kind (or null, when null is
    /// this argument's default).</summary>
    public bool Accepts(JsonElement value) => Kind switch
    {
        _ when value.ValueKind == JsonValueKind.Null => Default is { ValueKind: JsonValueKind.Null },
        ArgumentKind.Int => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _),
        ArgumentKind.Float => value.ValueKind == JsonValueKind.Number && float.IsFinite(value.GetSingle()),
        ArgumentKind.Bool => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        ArgumentKind.IntList => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out _)),
        ArgumentKind.Text => value.ValueKind == JsonValueKind.String,
        _ => false,
    };

    /// <inheritdoc />
    public override string ToString() =>
        Default is { } d ? $"{Name}: {Kind} = {d.GetRawText()}" : $"{Name}: {Kind}";
}
