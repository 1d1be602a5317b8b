namespace DiyNet.Tests.Packaging;

/// <summary>The C# of the "A first network" section of a README (the repository's, or the package's).</summary>
internal static class ReadmeExample
{
    /// <summary>The first <c>```csharp</c> block after the "## A first network" heading.</summary>
    public static string FirstNetwork(string readme)
    {
        string text = readme.Replace("\r\n", "\n");
        int section = text.IndexOf("\n## A first network", StringComparison.Ordinal);
        if (section < 0) throw new InvalidDataException("README: no \"## A first network\" section.");
        const string fence = "```csharp\n";
        int start = text.IndexOf(fence, section, StringComparison.Ordinal);
        int end = start < 0 ? -1 : text.IndexOf("\n```", start + fence.Length, StringComparison.Ordinal);
        if (end < 0) throw new InvalidDataException("README: no closed ```csharp block in \"A first network\".");
        return text[(start + fence.Length)..(end + 1)];
    }
}
