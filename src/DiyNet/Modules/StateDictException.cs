namespace DiyNet.Modules;

/// <summary>
/// A state dictionary does not fit a network: the message lists every missing key, unexpected key and shape
/// mismatch at once.
/// </summary>
public sealed class StateDictException : ArgumentException
{
    /// <summary>Creates the error for a network of type <paramref name="network"/>.</summary>
    public StateDictException(string network, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected,
        IReadOnlyList<string> shapeMismatches)
        : base(Describe(network, missing, unexpected, shapeMismatches))
    {
        Missing = missing;
        Unexpected = unexpected;
        ShapeMismatches = shapeMismatches;
    }

    /// <summary>Keys of the network absent from the state.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Keys of the state that the network does not have.</summary>
    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>One line per key whose shapes differ: <c>0.weight: expected (4, 3), got (3, 4)</c>.</summary>
    public IReadOnlyList<string> ShapeMismatches { get; }

    private static string Describe(string network, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected,
        IReadOnlyList<string> mismatches)
    {
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"missing keys [{string.Join(", ", missing)}]");
        if (unexpected.Count > 0) parts.Add($"unexpected keys [{string.Join(", ", unexpected)}]");
        if (mismatches.Count > 0) parts.Add($"shape mismatches [{string.Join("; ", mismatches)}]");
        return $"Error loading the state of {network}: {string.Join(", ", parts)}.";
    }
}
