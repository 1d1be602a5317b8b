namespace DiyNet.Serialization;

/// <summary>
/// One argument of a module in a parsed spec: a number, a boolean, a word, the placeholder <c>_</c> (a size that
/// DiyNet infers from the data), or a list of modules (the children of a container).
/// </summary>
/// <param name="Name">The argument's name when written <c>name:value</c>; null for a positional argument.</param>
/// <param name="Text">The text of a number, boolean, word or <c>_</c>; null for modules.</param>
/// <param name="Modules">The modules of a nested argument (<c>Sequential(Linear(4,8) ReLU)</c> inside an AutoEncoder); null otherwise.</param>
/// <param name="Position">0-based character position in the spec.</param>
public sealed record SpecValue(string? Name, string? Text, IReadOnlyList<SpecModule>? Modules, int Position)
{
    /// <summary>The placeholder for a size inferred from the data.</summary>
    public const string Inferred = "_";

    /// <summary>True for <c>_</c>.</summary>
    public bool IsInferred => Text == Inferred;
}
