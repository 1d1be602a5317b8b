using DiyNet.Tensors;

namespace DiyNet.Data;

/// <summary>
/// Reads delimited text of numbers with one integer label column (by default the last: the 8×8 digits' 64 pixels
/// then the label). Blank lines are skipped; fields are trimmed; quotes are not interpreted; gzip is accepted.
/// </summary>
public static class CsvLoader
{
    /// <summary>Loads a file; the data set is named after it unless <paramref name="name"/> is given.</summary>
    /// <exception cref="DataFormatException">A row has the wrong column count, a value is not a number, a label is not an integer in range, or there is no row.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Dataset Load(string path, CsvOptions? options = null, string? name = null)
    {
        string file = DataFile.DisplayName(path);
        using var reader = DataFile.OpenText(path);
        try
        {
            return Read(reader, file, options, name ?? DataFile.DefaultName(path));
        }
        catch (InvalidDataException e)
        {
            throw DataFile.Corrupt(file, e);
        }
    }

    /// <summary>Reads CSV from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="DataFormatException">See <see cref="Load"/>.</exception>
    public static Dataset Read(TextReader reader, string source, CsvOptions? options = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= new CsvOptions();
        int columns = -1, labelColumn = -1, line = 0;
        Range[] fields = new Range[64];
        var values = new List<float>(4096);
        var labels = new List<int>(256);
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            ReadOnlySpan<char> span = text.AsSpan();
            if (span.IsWhiteSpace()) continue;
            int count = TextFields.SplitDelimited(span, options.Delimiter, fields);
            if (count > fields.Length)
            {
                fields = new Range[count];
                TextFields.SplitDelimited(span, options.Delimiter, fields);
            }
            if (columns < 0)
            {
                columns = count;
                if (columns < 2)
                    throw DataFormatException.AtLine(source, line, $"expected at least 2 columns (features and a label) separated by '{options.Delimiter}', found {count}.");
                labelColumn = options.LabelColumn < 0 ? columns + options.LabelColumn : options.LabelColumn;
                if ((uint)labelColumn >= (uint)columns)
                    throw DataFormatException.AtLine(source, line, $"label column {options.LabelColumn} does not exist in {columns} columns.");
                if (options.HasHeader) continue;
            }
            if (count != columns)
                throw DataFormatException.AtLine(source, line, $"expected {columns} columns, found {count}.");
            for (int j = 0; j < count; j++)
            {
                ReadOnlySpan<char> field = span[fields[j]];
                if (j == labelColumn)
                {
                    if (!TextFields.TryParseLabel(field, out int label))
                        throw DataFormatException.AtColumn(source, line, j + 1, $"label {TextFields.Quote(field)} is not a non-negative integer.");
                    if (options.ClassCount is int k && label >= k)
                        throw DataFormatException.AtColumn(source, line, j + 1, $"label {label} is outside 0..{k - 1}.");
                    labels.Add(label);
                }
                else if (TextFields.TryParseFloat(field, out float v)) values.Add(v);
                else throw DataFormatException.AtColumn(source, line, j + 1, $"{TextFields.Quote(field)} is not a number.");
            }
        }
        if (labels.Count == 0)
            throw new DataFormatException(source, $"{source}: no data rows.", line);
        int classes = options.ClassCount ?? labels.Max() + 1;
        var x = Tensor.FromArray(values.ToArray(), labels.Count, columns - 1);
        return new Dataset(x, labels.ToArray(), classes, name ?? source, options.ImageSize, options.ClassNames);
    }
}
