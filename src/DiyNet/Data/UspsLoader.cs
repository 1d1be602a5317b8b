using DiyNet.Tensors;

namespace DiyNet.Data;

/// <summary>
/// Reads the course's USPS text format: a header line <c>classes features</c> (<c>10 256</c>), then one example per
/// line (an integer label followed by the feature values, separated by spaces), then a last line <c>-1</c>.
/// Values are returned as they are in the file ([0, 2] for USPS); gzip-compressed files are accepted.
/// </summary>
public static class UspsLoader
{
    /// <summary>Loads a file; the data set is named after it (<c>USPS_train.txt</c> → <c>usps-train</c>).</summary>
    /// <param name="path">The file, plain or gzip-compressed.</param>
    /// <param name="name">The data set's name; derived from the file name when null.</param>
    /// <returns>X (N, features), labels, the header's class count, and a square image size when features is a square.</returns>
    /// <exception cref="DataFormatException">The content does not follow the format (the message names the line).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Dataset Load(string path, string? name = null)
    {
        string file = DataFile.DisplayName(path);
        using var reader = DataFile.OpenText(path);
        try
        {
            return Read(reader, file, name ?? DataFile.DefaultName(path));
        }
        catch (InvalidDataException e)
        {
            throw DataFile.Corrupt(file, e);
        }
    }

    /// <summary>Reads the format from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="DataFormatException">The content does not follow the format.</exception>
    public static Dataset Read(TextReader reader, string source, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? header = reader.ReadLine();
        if (header is null)
            throw new DataFormatException(source, $"{source}: empty file; expected a header line \"classes features\" such as \"10 256\".", 1);
        var (classes, features) = ParseHeader(header, source);
        int expected = features + 1;
        // Sized by what the file holds, not by what its header announces (a 12-byte file may announce 500 million
        // features): a line of L characters has at most L / 2 + 1 fields, and the buffer grows with the lines.
        var fields = new Range[Math.Min(expected + 1, 512)];
        var values = new List<float>((int)Math.Min(features * 1024L, 1 << 18));
        var labels = new List<int>(1024);
        int line = 1, trailerLine = 0;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            ReadOnlySpan<char> span = text.AsSpan().Trim();
            if (trailerLine > 0)
            {
                if (span.IsEmpty) continue;
                throw DataFormatException.AtLine(source, line, $"data after the \"-1\" end marker of line {trailerLine}.");
            }
            if (span.SequenceEqual("-1"))
            {
                trailerLine = line;
                continue;
            }
            int room = (int)Math.Min(expected + 1L, span.Length / 2 + 2);
            if (fields.Length < room) fields = new Range[Math.Max(room, Math.Min(expected + 1, 2 * fields.Length))];
            int count = TextFields.SplitWhitespace(span, fields);
            if (count != expected)
            {
                string what = $"expected {expected} values (label + {features} pixels), found {count}";
                if (reader.Peek() < 0)
                    throw DataFormatException.AtLine(source, line, $"truncated: {what}, and the file ends here without the \"-1\" end marker.");
                throw DataFormatException.AtLine(source, line, what + ".");
            }
            ReadOnlySpan<char> labelText = span[fields[0]];
            if (!TextFields.TryParseLabel(labelText, out int label) || label >= classes)
                throw DataFormatException.AtColumn(source, line, 1, $"label {TextFields.Quote(labelText)} is not an integer in 0..{classes - 1}.");
            labels.Add(label);
            for (int j = 1; j < expected; j++)
            {
                ReadOnlySpan<char> field = span[fields[j]];
                if (!TextFields.TryParseFloat(field, out float v))
                    throw DataFormatException.AtColumn(source, line, j + 1, $"{TextFields.Quote(field)} is not a number.");
                values.Add(v);
            }
        }
        if (trailerLine == 0)
            throw new DataFormatException(source, $"{source}: missing the \"-1\" end marker after line {line} (truncated file?).", line);
        if (labels.Count == 0)
            throw new DataFormatException(source, $"{source}: no data rows between the header and the \"-1\" end marker.", line);
        var x = Tensor.FromArray(values.ToArray(), labels.Count, features);
        int side = (int)Math.Round(Math.Sqrt(features));
        (int, int)? image = side * side == features ? (side, side) : null;
        return new Dataset(x, labels.ToArray(), classes, name ?? source, image);
    }

    private static (int Classes, int Features) ParseHeader(string header, string source)
    {
        Span<Range> fields = stackalloc Range[3];
        ReadOnlySpan<char> span = header.AsSpan().Trim();
        int count = TextFields.SplitWhitespace(span, fields);
        if (count == 2 && TextFields.TryParseLabel(span[fields[0]], out int classes) && classes > 0
            && TextFields.TryParseLabel(span[fields[1]], out int features) && features > 0)
            return (classes, features);
        throw DataFormatException.AtLine(source, 1, $"expected a header \"classes features\" such as \"10 256\", found {TextFields.Quote(span)}.");
    }
}
