namespace DiyNet.Serialization;

/// <summary>
/// A module as written in a one-line spec: its type name, its arguments (positional, then <c>name:value</c>), and
/// where it starts in the text. <see cref="SpecParser.Parse"/> gives a list of them (the top level is a chain).
/// </summary>
/// <param name="Type">The module's C# class name, e.g. <c>Linear</c>.</param>
/// <param name="Arguments">The arguments in the order written.</param>
/// <param name="Position">0-based character position of the name in the spec.</param>
public sealed record SpecModule(string Type, IReadOnlyList<SpecValue> Arguments, int Position)
{
    /// <summary>The spec text of this module, e.g. <c>Conv2D(5,1,6,padding:2)</c>.</summary>
    public override string ToString() =>
        Arguments.Count == 0 ? Type : $"{Type}({string.Join(",", Arguments.Select(Format))})";

    private static string Format(SpecValue v) =>
        (v.Name is null ? "" : v.Name + ":") + (v.Modules is null ? v.Text : string.Join(" ", v.Modules));
}
