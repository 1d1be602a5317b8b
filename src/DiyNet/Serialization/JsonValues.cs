using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace DiyNet.Serialization;

/// <summary>Makes detached <see cref="JsonElement"/> values (the argument values of a <see cref="ModuleSpec"/>).</summary>
public static class JsonValues
{
    /// <summary>JSON null.</summary>
    public static JsonElement Null { get; } = Parse("null");

    /// <summary>A JSON integer.</summary>
    public static JsonElement From(int value) => Parse(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A JSON number that reads back as exactly <paramref name="value"/> (shortest round-trip form).</summary>
    /// <exception cref="ArgumentException">The value is NaN or infinite (JSON has no such numbers).</exception>
    public static JsonElement From(float value)
    {
        if (!float.IsFinite(value)) throw new ArgumentException($"JSON has no number {value}.", nameof(value));
        return Write(w => w.WriteNumberValue(value));
    }

    /// <summary>JSON true or false.</summary>
    public static JsonElement From(bool value) => Parse(value ? "true" : "false");

    /// <summary>A JSON string.</summary>
    public static JsonElement From(string value) => Write(w => w.WriteStringValue(value));

    /// <summary>A JSON array of integers.</summary>
    public static JsonElement From(IEnumerable<int> values) => Write(w =>
    {
        w.WriteStartArray();
        foreach (int v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    });

    private static JsonElement Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) write(writer);
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.Clone();
    }

    private static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
