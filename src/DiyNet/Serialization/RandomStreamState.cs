using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DiyNet.Modules;

namespace DiyNet.Serialization;

/// <summary>
/// The positions of a network's random streams (<see cref="Module.NamedRandomStreams"/>: dropout's masks) as a JSON
/// object of dotted names to <c>"seed position"</c>, for checkpoints: a resumed run then draws the masks the
/// uninterrupted run draws.
/// </summary>
public static class RandomStreamState
{
    /// <summary>The state of every random stream of <paramref name="net"/>.</summary>
    public static string ToJson(Module net)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (name, stream) in net.NamedRandomStreams())
                w.WriteString(name, string.Create(CultureInfo.InvariantCulture, $"{stream.Seed} {stream.Position}"));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Puts every random stream of <paramref name="net"/> where <paramref name="json"/> says (null: a checkpoint
    /// written before streams were kept, accepted only for a network without streams).
    /// </summary>
    /// <exception cref="ArgumentException">The names do not match the network's streams, or an entry is malformed.</exception>
    public static void Restore(Module net, string? json)
    {
        var positions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json is not null)
        {
            try
            {
                using var doc = JsonDocument.Parse(json);
                foreach (var p in doc.RootElement.EnumerateObject()) positions[p.Name] = p.Value.GetString() ?? "";
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                throw new ArgumentException($"the random streams' state is not a JSON object of strings: {e.Message}", nameof(json), e);
            }
        }
        var streams = net.NamedRandomStreams();
        var names = streams.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var missing = names.Where(n => !positions.ContainsKey(n)).ToArray();
        var unexpected = positions.Keys.Where(n => !names.Contains(n)).ToArray();
        if (missing.Length > 0 || unexpected.Length > 0)
            throw new ArgumentException($"the saved random streams do not match the network's: missing [{string.Join(", ", missing)}], " +
                $"unexpected [{string.Join(", ", unexpected)}].", nameof(json));
        var parsed = new List<(Tensors.CounterRandom Stream, ulong Seed, ulong Position)>();
        foreach (var (name, stream) in streams)
        {
            string[] parts = positions[name].Split(' ');
            if (parts.Length != 2 || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed)
                || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong position))
                throw new ArgumentException($"random stream '{name}': expected \"seed position\", got \"{positions[name]}\".", nameof(json));
            parsed.Add((stream, seed, position));
        }
        foreach (var (stream, seed, position) in parsed) stream.Restore(seed, position);
    }
}
