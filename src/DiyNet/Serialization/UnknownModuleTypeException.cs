namespace DiyNet.Serialization;

/// <summary>An architecture names a module type that the <see cref="ModuleCatalog"/> does not know (nothing is
/// loaded by name from assemblies: only registered types are built).</summary>
public sealed class UnknownModuleTypeException : ModuleSpecException
{
    /// <summary>Creates the error for <paramref name="typeName"/>, suggesting <paramref name="nearest"/>.</summary>
    public UnknownModuleTypeException(string typeName, string? nearest)
        : base($"Unknown module type '{typeName}'{(nearest is null ? "" : $" (nearest known: {nearest})")}; " +
               $"register it with ModuleCatalog.Register.")
    {
        TypeName = typeName;
        Nearest = nearest;
    }

    /// <summary>The unknown name.</summary>
    public string TypeName { get; }

    /// <summary>The closest registered name, or null.</summary>
    public string? Nearest { get; }
}
