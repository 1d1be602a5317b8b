using System.Text.Json;
using DiyNet.Modules;

namespace DiyNet.Serialization;

/// <summary>
/// What the <see cref="ModuleCatalog"/> knows of one module type: its name in specs and files, its constructor
/// arguments (in constructor order), how many children it takes, how to describe an instance and how to build one.
/// </summary>
public sealed class ModuleEntry
{
    private readonly Func<Module, IReadOnlyList<object?>> _describe;
    private readonly Func<ModuleSpec, Module> _build;

    internal ModuleEntry(string typeName, Type moduleType, IReadOnlyList<ModuleArgument> arguments, int minChildren,
        int maxChildren, string summary, Func<Module, IReadOnlyList<object?>> describe, Func<ModuleSpec, Module> build)
    {
        TypeName = typeName;
        ModuleType = moduleType;
        Arguments = arguments;
        MinChildren = minChildren;
        MaxChildren = maxChildren;
        Summary = summary;
        _describe = describe;
        _build = build;
    }

    /// <summary>The name in specs and files (the C# class name), e.g. <c>Conv2D</c>.</summary>
    public string TypeName { get; }

    /// <summary>The .NET type built.</summary>
    public Type ModuleType { get; }

    /// <summary>The constructor arguments, in constructor order.</summary>
    public IReadOnlyList<ModuleArgument> Arguments { get; }

    /// <summary>The fewest children a spec of this type has (0 for a plain layer).</summary>
    public int MinChildren { get; }

    /// <summary>The most children a spec of this type has (0 for a plain layer).</summary>
    public int MaxChildren { get; }

    /// <summary>One line saying what the module does.</summary>
    public string Summary { get; }

    /// <summary>True for a container (a module built from child specs).</summary>
    public bool IsContainer => MaxChildren > 0;

    internal ModuleSpec Describe(Module module)
    {
        var values = _describe(module);
        if (values.Count != Arguments.Count)
            throw new ModuleSpecException($"{TypeName}: the catalog entry describes {values.Count} arguments, its list has {Arguments.Count}.");
        var args = new List<KeyValuePair<string, JsonElement>>();
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is null) continue;
            args.Add(new(Arguments[i].Name, ToJson(values[i]!, Arguments[i])));
        }
        var children = IsContainer ? module.Children.Select(ModuleCatalog.Describe) : null;
        return new ModuleSpec(TypeName, args, children);
    }

    internal Module Build(ModuleSpec spec) => _build(spec);

    private JsonElement ToJson(object value, ModuleArgument argument) => value switch
    {
        JsonElement e => e,
        int i => JsonValues.From(i),
        float f => JsonValues.From(f),
        bool b => JsonValues.From(b),
        string s => JsonValues.From(s),
        IEnumerable<int> list => JsonValues.From(list),
        _ => throw new ModuleSpecException($"{TypeName}: argument '{argument.Name}' has a value of type {value.GetType().Name}, " +
                                           "expected int, float, bool, string or a list of ints."),
    };

    /// <inheritdoc />
    public override string ToString() => $"{TypeName}({string.Join(", ", Arguments)})";
}
