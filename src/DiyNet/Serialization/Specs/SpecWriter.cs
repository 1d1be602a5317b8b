using System.Text.Json;

namespace DiyNet.Serialization;

/// <summary>
/// Writes an architecture tree as a one-line spec that <see cref="ModelSpecs.Parse"/> reads back to the same tree:
/// required arguments by position, optional ones as <c>name:value</c> only when they differ from the default, a list
/// argument as its numbers, a top-level Sequential as its chain.
/// </summary>
internal static class SpecWriter
{
    public static string Line(ModuleSpec spec, bool top = true)
    {
        if (top && spec.Type == "Sequential" && spec.Args.Count == 0 && spec.Children.Count > 1)
            return string.Join(" ", spec.Children.Select(c => Line(c, top: false)));
        var entry = ModuleCatalog.Find(spec.Type);
        var parts = new List<string>();
        foreach (var (name, value) in spec.Args)
        {
            var argument = entry?.Arguments.FirstOrDefault(a => a.Name == name);
            if (argument?.Default is { } d && JsonElement.DeepEquals(d, value)) continue;
            // A null default that stands for another argument's value: a pool's stride is its kernel size.
            if (argument?.Default is { ValueKind: JsonValueKind.Null } && name == "stride" && spec.Has("kSize") && JsonElement.DeepEquals(spec.Arg("kSize"), value)) continue;
            string text = value.ValueKind == JsonValueKind.Array ? string.Join(",", value.EnumerateArray().Select(v => v.GetRawText()))
                : value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            parts.Add(argument is { Default: null } ? text : $"{name}:{text}");
        }
        // Positional values must come before named ones and follow the constructor order, which spec.Args keeps.
        parts.AddRange(spec.Children.Select(c => c.Type == "Sequential" ? $"Sequential({Line(c, top: true)})" : Line(c, top: false)));
        return parts.Count == 0 ? spec.Type : $"{spec.Type}({string.Join(",", parts)})";
    }
}
