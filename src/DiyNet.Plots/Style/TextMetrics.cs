namespace DiyNet.Plots.Style;

/// <summary>
/// Estimates the rendered width of a string for layout (margins, legends, label rotation), from average
/// advance widths of DejaVu Sans — the widest of the usual sans-serif fonts, so estimates err on the roomy side.
/// </summary>
internal static class TextMetrics
{
    /// <summary>Estimated width in px of <paramref name="text"/> at <paramref name="fontSize"/> px.</summary>
    public static double Width(string text, double fontSize)
    {
        double em = 0;
        foreach (char c in text) em += Advance(c);
        return em * fontSize;
    }

    private static double Advance(char c) => c switch
    {
        ' ' or '.' or ',' or ':' or ';' or '\'' or '|' or '!' or 'i' or 'j' or 'l' => 0.30,
        '(' or ')' or '[' or ']' or '-' or 'f' or 't' or 'I' or '/' => 0.39,
        'r' => 0.42,
        >= '0' and <= '9' => 0.64,
        'm' or 'w' => 0.93,
        'M' or 'W' => 0.95,
        >= 'A' and <= 'Z' => 0.72,
        '×' or '−' or '+' or '=' or '<' or '>' => 0.84,
        '⁰' or '¹' or '²' or '³' or '⁴' or '⁵' or '⁶' or '⁷' or '⁸' or '⁹' or '⁻' => 0.42,
        _ => 0.62,
    };
}
