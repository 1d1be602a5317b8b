using System.Globalization;

namespace DiyNet.Data;

/// <summary>Splitting and number parsing shared by the text loaders (invariant culture, no allocation per field).</summary>
internal static class TextFields
{
    /// <summary>Splits <paramref name="line"/> on runs of spaces and tabs; returns the number of fields written.</summary>
    public static int SplitWhitespace(ReadOnlySpan<char> line, Span<Range> fields)
    {
        int count = 0, i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && IsBlank(line[i])) i++;
            if (i == line.Length) break;
            int start = i;
            while (i < line.Length && !IsBlank(line[i])) i++;
            if (count < fields.Length) fields[count] = new Range(start, i);
            count++;
        }
        return count;
    }

    /// <summary>Splits <paramref name="line"/> on <paramref name="delimiter"/>; fields are trimmed. Returns the field count.</summary>
    public static int SplitDelimited(ReadOnlySpan<char> line, char delimiter, Span<Range> fields)
    {
        int count = 0, start = 0;
        for (int i = 0; i <= line.Length; i++)
        {
            if (i < line.Length && line[i] != delimiter) continue;
            int s = start, e = i;
            while (s < e && IsBlank(line[s])) s++;
            while (e > s && IsBlank(line[e - 1])) e--;
            if (count < fields.Length) fields[count] = new Range(s, e);
            count++;
            start = i + 1;
        }
        return count;
    }

    /// <summary>Parses a finite float (invariant culture).</summary>
    public static bool TryParseFloat(ReadOnlySpan<char> text, out float value) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);

    /// <summary>Parses a non-negative integer label (invariant culture).</summary>
    public static bool TryParseLabel(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>The text quoted for an error message, cut to 40 characters.</summary>
    public static string Quote(ReadOnlySpan<char> text) =>
        text.Length <= 40 ? $"\"{text}\"" : $"\"{text[..40]}…\"";

    private static bool IsBlank(char c) => c == ' ' || c == '\t' || c == '\r';
}
