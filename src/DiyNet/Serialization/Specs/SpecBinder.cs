using System.Globalization;
using System.Text.Json;

namespace DiyNet.Serialization;

/// <summary>
/// Turns the modules of a parsed one-line spec (<see cref="SpecParser"/>) into the architecture tree
/// (<see cref="ModuleSpec"/>): each positional argument takes the next constructor argument of the module's
/// <see cref="ModuleCatalog"/> entry (a list argument such as Unflatten's shape takes all the numbers left), named
/// arguments take theirs, and module arguments become the children of a container. <c>_</c> stays as the string
/// <c>"_"</c> for <see cref="ShapeInference"/> to fill. Every problem is a <see cref="SpecException"/> naming the
/// position and, for an unknown name, the nearest known one.
/// </summary>
public static class SpecBinder
{
    /// <summary>Binds a top-level chain: one module as it is, several in a <c>Sequential</c>.</summary>
    /// <param name="chain">The parsed modules.</param>
    /// <param name="text">The spec text (for error messages).</param>
    /// <param name="positions">Receives the spec position of every module spec made, for later error messages.</param>
    /// <exception cref="SpecException">An unknown module or argument, too many arguments, or a value of the wrong kind.</exception>
    public static ModuleSpec Bind(IReadOnlyList<SpecModule> chain, string text, IDictionary<ModuleSpec, int>? positions = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(text);
        var made = chain.Select(m => Bind(m, text, positions)).ToArray();
        if (made.Length == 1) return made[0];
        var sequential = new ModuleSpec("Sequential", children: made);
        positions?.Add(sequential, chain[0].Position);
        return sequential;
    }

    private static ModuleSpec Bind(SpecModule module, string text, IDictionary<ModuleSpec, int>? positions)
    {
        var entry = ModuleCatalog.Find(module.Type);
        if (entry is null)
        {
            string? near = ModuleCatalog.Nearest(module.Type);
            throw new SpecException(text, module.Position,
                near is null ? $"unknown module \"{module.Type}\"." : $"unknown module \"{module.Type}\"; did you mean \"{near}\"?");
        }
        var args = new List<KeyValuePair<string, JsonElement>>();
        var children = new List<ModuleSpec>();
        var numbers = new List<SpecValue>();
        int next = 0;
        foreach (var value in module.Arguments)
        {
            if (value.Modules is not null)
            {
                if (entry.MaxChildren == 0)
                    throw new SpecException(text, value.Position, $"{module.Type} takes no modules as arguments.");
                var nested = value.Modules.Select(m => Bind(m, text, positions)).ToArray();
                // A container's argument written as a chain (AutoEncoder(Linear(8,2) ReLU, …)) is one child: a Sequential.
                if (nested.Length > 1 && entry.TypeName != "Sequential")
                {
                    var chained = new ModuleSpec("Sequential", children: nested);
                    positions?.Add(chained, value.Position);
                    children.Add(chained);
                }
                else children.AddRange(nested);
                continue;
            }
            ModuleArgument argument;
            if (value.Name is not null)
            {
                argument = entry.Arguments.FirstOrDefault(a => a.Name == value.Name)
                    ?? throw new SpecException(text, value.Position, $"{module.Type} has no argument \"{value.Name}\"" +
                        $"{(Data.Nearest.Of(value.Name, entry.Arguments.Select(a => a.Name)) is { } near ? $"; did you mean \"{near}\"?" : "")}" +
                        $" (arguments: {Signature(entry)}).");
            }
            else
            {
                if (next >= entry.Arguments.Count)
                    throw new SpecException(text, value.Position, $"{module.Type} takes at most {entry.Arguments.Count} argument{(entry.Arguments.Count == 1 ? "" : "s")}" +
                        $" ({Signature(entry)}), got more.");
                argument = entry.Arguments[next];
                if (argument.Kind == ArgumentKind.IntList)
                {
                    numbers.Add(value);
                    continue;
                }
                next++;
            }
            if (args.Any(a => a.Key == argument.Name))
                throw new SpecException(text, value.Position, $"{module.Type}: argument \"{argument.Name}\" is given twice.");
            args.Add(new(argument.Name, Value(value, argument, module, text)));
        }
        if (numbers.Count > 0)
        {
            var list = entry.Arguments[next];
            var values = numbers.Select(n => n.IsInferred ? throw new SpecException(text, n.Position, $"{module.Type}: \"_\" cannot stand for a value of \"{list.Name}\".")
                : int.TryParse(n.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v
                : throw new SpecException(text, n.Position, $"{module.Type}: \"{n.Text}\" in \"{list.Name}\" is not a whole number.")).ToArray();
            args.Add(new(list.Name, JsonValues.From(values)));
        }
        var spec = new ModuleSpec(entry.TypeName, args, children);
        positions?.Add(spec, module.Position);
        return spec;
    }

    private static JsonElement Value(SpecValue value, ModuleArgument argument, SpecModule module, string text)
    {
        if (value.IsInferred)
        {
            if (argument.Kind != ArgumentKind.Int)
                throw new SpecException(text, value.Position, $"{module.Type}: \"_\" stands for a size inferred from the data; \"{argument.Name}\" is not a size.");
            return JsonValues.From(SpecValue.Inferred);
        }
        string t = value.Text!;
        JsonElement? element = argument.Kind switch
        {
            ArgumentKind.Int when int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i) => JsonValues.From(i),
            ArgumentKind.Float when float.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out float f) && float.IsFinite(f) => JsonValues.From(f),
            ArgumentKind.Bool when t is "true" or "false" => JsonValues.From(t == "true"),
            ArgumentKind.Text => JsonValues.From(t),
            ArgumentKind.IntList when int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i) => JsonValues.From(new[] { i }),
            _ => null,
        };
        return element ?? throw new SpecException(text, value.Position,
            $"{module.Type}: argument \"{argument.Name}\" is \"{t}\", expected {ModuleSpec.Describe(argument.Kind)}.");
    }

    /// <summary>The arguments of an entry with their defaults, e.g. <c>kSize, chanIn, chanOut, stride=1, padding=0, bias=true</c>.</summary>
    public static string Signature(ModuleEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Arguments.Count == 0) return entry.MaxChildren > 0 ? "modules" : "none";
        return string.Join(", ", entry.Arguments.Select(a => a.Default is { } d ? $"{a.Name}={Format(d)}" : a.Name));
    }

    private static string Format(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "none",
        JsonValueKind.String => value.GetString()!,
        _ => value.GetRawText(),
    };
}
