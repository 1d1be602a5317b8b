using DiyNet.Modules;
using System.Text.Json;

namespace DiyNet.Tests.Verification;

/// <summary>
/// The constructor arguments recorded in a fixture (a JSON object, keys named as the C# parameters). Every key must
/// be read: <see cref="Unread"/> lists the others, so that a misspelled argument cannot silently fall back to a default.
/// </summary>
internal sealed class FixtureArgs
{
    private readonly JsonElement _json;
    private readonly HashSet<string> _read = [];

    public FixtureArgs(string where, JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{where}: \"args\" must be an object, found {json.ValueKind}.");
        Where = where;
        _json = json;
    }

    /// <summary>Where these arguments come from (case and module), for error messages.</summary>
    public string Where { get; }

    /// <summary>Whether the argument was recorded (absent: the C# default is the one under test).</summary>
    public bool Has(string name) => _json.TryGetProperty(name, out _);

    public int Int(string name) => Get(name, JsonValueKind.Number).GetInt32();

    public float Float(string name) => Get(name, JsonValueKind.Number).GetSingle();

    public int[] Ints(string name) => Get(name, JsonValueKind.Array).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public float[] Floats(string name) => Get(name, JsonValueKind.Array).EnumerateArray().Select(e => e.GetSingle()).ToArray();

    public bool Bool(string name)
    {
        var e = Get(name, JsonValueKind.Undefined);
        if (e.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            throw new InvalidDataException($"{Where}: argument \"{name}\" must be true or false, found {e.ValueKind}.");
        return e.GetBoolean();
    }

    /// <summary>A list of nested modules, each <c>{"type": ..., "args": {...}}</c>.</summary>
    public IReadOnlyList<(string Type, FixtureArgs Args)> Modules(string name)
    {
        var list = new List<(string, FixtureArgs)>();
        int i = 0;
        foreach (var m in Get(name, JsonValueKind.Array).EnumerateArray())
            list.Add(Nested(m, $"{Where} > {name}[{i++}]"));
        return list;
    }

    /// <summary>One nested module, <c>{"type": ..., "args": {...}}</c>.</summary>
    public (string Type, FixtureArgs Args) Module(string name) => Nested(Get(name, JsonValueKind.Object), $"{Where} > {name}");

    private static (string Type, FixtureArgs Args) Nested(JsonElement m, string where)
    {
        string type = m.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()!
            : throw new InvalidDataException($"{where}: a nested module needs a string \"type\".");
        var args = m.TryGetProperty("args", out var a) ? a : throw new InvalidDataException($"{where}: no \"args\".");
        return (type, new FixtureArgs($"{where} {type}", args));
    }

    /// <summary>The recorded arguments that no constructor read.</summary>
    public IReadOnlyList<string> Unread =>
        _json.EnumerateObject().Select(p => p.Name).Where(n => !_read.Contains(n)).ToArray();

    private JsonElement Get(string name, JsonValueKind kind)
    {
        if (!_json.TryGetProperty(name, out var e))
            throw new InvalidDataException($"{Where}: missing argument \"{name}\" in {_json.GetRawText()}.");
        if (kind != JsonValueKind.Undefined && e.ValueKind != kind)
            throw new InvalidDataException($"{Where}: argument \"{name}\" must be a {kind}, found {e.GetRawText()}.");
        _read.Add(name);
        return e;
    }

    public override string ToString() => _json.GetRawText();
}
