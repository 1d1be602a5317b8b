namespace DiyNet.Data;

/// <summary>
/// Splits one CSV line into fields: fields are trimmed, a field wrapped in double quotes may hold the delimiter and
/// doubled quotes (<c>"a ""b"", c"</c> → <c>a "b", c</c>). A line never spans several lines.
/// </summary>
internal static class CsvFields
{
    /// <summary>Splits <paramref name="line"/> into <paramref name="fields"/> (cleared first).</summary>
    /// <returns>False when a quoted field is not closed on the line.</returns>
    public static bool Split(string line, char delimiter, List<string> fields)
    {
        fields.Clear();
        int i = 0;
        while (true)
        {
            while (i < line.Length && IsBlank(line[i])) i++;
            if (i < line.Length && line[i] == '"')
            {
                var sb = new System.Text.StringBuilder();
                i++;
                while (true)
                {
                    if (i >= line.Length) return false;
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    sb.Append(line[i++]);
                }
                while (i < line.Length && line[i] != delimiter) i++;
                fields.Add(sb.ToString());
            }
            else
            {
                int start = i;
                while (i < line.Length && line[i] != delimiter) i++;
                int end = i;
                while (end > start && IsBlank(line[end - 1])) end--;
                fields.Add(line[start..end]);
            }
            if (i >= line.Length) return true;
            i++; // the delimiter
        }
    }

    private static bool IsBlank(char c) => c == ' ' || c == '\t' || c == '\r';
}
