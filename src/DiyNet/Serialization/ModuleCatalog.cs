using System.Text.Json;
using DiyNet.Modules;

namespace DiyNet.Serialization;

/// <summary>
/// The module types that specs and model files may name: type name → arguments, how to describe an instance and how
/// to build one. Every built-in module is registered (<see cref="BuiltInModules"/>); a library or an application adds
/// its own with <see cref="Register{T}"/>. Nothing else is ever built from a file: an unknown name is refused.
/// </summary>
/// <example>
/// <code>
/// ModuleCatalog.Register&lt;Scale&gt;("Scale", [ModuleArgument.Required("factor", ArgumentKind.Float)],
///     m =&gt; [m.Factor], s =&gt; new Scale(s.Float("factor")), summary: "y = factor·x");
/// </code>
/// </example>
public static class ModuleCatalog
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, ModuleEntry> ByName = new(StringComparer.Ordinal);
    private static readonly Dictionary<Type, ModuleEntry> ByType = [];

    static ModuleCatalog() => BuiltInModules.RegisterAll();

    /// <summary>Every registered type, sorted by name.</summary>
    public static IReadOnlyList<ModuleEntry> Entries
    {
        get { lock (Gate) return [.. ByName.Values.OrderBy(e => e.TypeName, StringComparer.Ordinal)]; }
    }

    /// <summary>
    /// Registers module type <typeparamref name="T"/> under <paramref name="typeName"/> (replacing an earlier entry
    /// of the same name or type).
    /// </summary>
    /// <param name="typeName">The name in specs and files (use the C# class name).</param>
    /// <param name="arguments">The constructor arguments, in constructor order.</param>
    /// <param name="describe">The values of those arguments for an instance, in the same order (int, float, bool,
    /// string, int list; null for an optional argument left to its default).</param>
    /// <param name="build">Builds an instance from a spec whose arguments are complete (defaults filled in) and
    /// checked; a container builds its children with <see cref="ModuleSpec.Build()"/>.</param>
    /// <param name="minChildren">The fewest children (containers only).</param>
    /// <param name="maxChildren">The most children (0 for a plain layer; a container's
    /// <see cref="Module.Children"/> are described as the spec's children).</param>
    /// <param name="summary">One line saying what the module does.</param>
    public static void Register<T>(string typeName, IReadOnlyList<ModuleArgument> arguments, Func<T, IReadOnlyList<object?>> describe,
        Func<ModuleSpec, T> build, int minChildren = 0, int maxChildren = 0, string summary = "") where T : Module
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(describe);
        ArgumentNullException.ThrowIfNull(build);
        if (minChildren < 0 || maxChildren < minChildren)
            throw new ArgumentOutOfRangeException(nameof(maxChildren), $"ModuleCatalog.Register({typeName}): children range [{minChildren}, {maxChildren}].");
        if (arguments.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count() != arguments.Count)
            throw new ArgumentException($"ModuleCatalog.Register({typeName}): an argument name repeats.", nameof(arguments));
        var entry = new ModuleEntry(typeName, typeof(T), [.. arguments], minChildren, maxChildren, summary,
            m => describe((T)m), s => build(s));
        lock (Gate)
        {
            if (ByType.TryGetValue(typeof(T), out var old)) ByName.Remove(old.TypeName);
            if (ByName.TryGetValue(typeName, out var same)) ByType.Remove(same.ModuleType);
            ByName[typeName] = entry;
            ByType[typeof(T)] = entry;
        }
    }

    /// <summary>The entry named <paramref name="typeName"/>, or null.</summary>
    public static ModuleEntry? Find(string typeName)
    {
        lock (Gate) return ByName.GetValueOrDefault(typeName);
    }

    /// <summary>The registered name closest to <paramref name="typeName"/> (case-insensitive edit distance), or null
    /// when none is near.</summary>
    public static string? Nearest(string typeName)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var e in Entries)
        {
            int d = EditDistance(typeName.ToLowerInvariant(), e.TypeName.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (e.TypeName, d);
        }
        return bestDistance <= Math.Max(2, typeName.Length / 2) ? best : null;
    }

    /// <summary>The spec of <paramref name="module"/> and of all its children.</summary>
    /// <exception cref="ModuleSpecException">A module's type is not registered.</exception>
    public static ModuleSpec Describe(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        ModuleEntry? entry;
        lock (Gate) entry = ByType.GetValueOrDefault(module.GetType());
        if (entry is null)
            throw new ModuleSpecException($"Module type {module.GetType().FullName} ({module}) is not in the ModuleCatalog: " +
                                          "register it with ModuleCatalog.Register to save it with its architecture.");
        return entry.Describe(module);
    }

    /// <summary>Builds the network <paramref name="spec"/> describes, after checking every argument and child count.</summary>
    /// <exception cref="UnknownModuleTypeException">A type is not registered.</exception>
    /// <exception cref="ModuleSpecException">An argument is unknown, missing or of the wrong kind, the number of
    /// children is wrong, or the module's constructor refuses the values.</exception>
    public static Module Build(ModuleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var entry = Find(spec.Type) ?? throw new UnknownModuleTypeException(spec.Type, Nearest(spec.Type));
        var complete = Complete(entry, spec);
        try { return entry.Build(complete); }
        catch (ModuleSpecException) { throw; }
        catch (ArgumentException e) { throw new ModuleSpecException($"{spec}: {e.Message}", e); }
    }

    private static ModuleSpec Complete(ModuleEntry entry, ModuleSpec spec)
    {
        var known = entry.Arguments.ToDictionary(a => a.Name, StringComparer.Ordinal);
        foreach (var (name, value) in spec.Args)
        {
            if (!known.TryGetValue(name, out var argument))
                throw new ModuleSpecException($"{spec.Type}: unknown argument '{name}' (arguments: " +
                                              $"{(entry.Arguments.Count == 0 ? "none" : string.Join(", ", entry.Arguments.Select(a => a.Name)))}).");
            if (!argument.Accepts(value))
                throw new ModuleSpecException($"{spec.Type}: argument '{name}' is {value.GetRawText()}, expected {ModuleSpec.Describe(argument.Kind)}.");
        }
        var args = new List<KeyValuePair<string, JsonElement>>();
        foreach (var argument in entry.Arguments)
        {
            if (spec.Has(argument.Name)) args.Add(new(argument.Name, spec.Arg(argument.Name)));
            else if (argument.Default is { } d) args.Add(new(argument.Name, d));
            else throw new ModuleSpecException($"{spec.Type}: required argument '{argument.Name}' ({ModuleSpec.Describe(argument.Kind)}) is missing.");
        }
        int n = spec.Children.Count;
        if (n < entry.MinChildren || n > entry.MaxChildren)
            throw new ModuleSpecException(entry.MaxChildren == 0
                ? $"{spec.Type} takes no children, got {n}."
                : $"{spec.Type} takes {(entry.MinChildren == entry.MaxChildren ? $"{entry.MinChildren}" : $"{entry.MinChildren} or more")} children, got {n}.");
        return new ModuleSpec(spec.Type, args, spec.Children);
    }

    private static int EditDistance(string a, string b)
    {
        var row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) row[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
