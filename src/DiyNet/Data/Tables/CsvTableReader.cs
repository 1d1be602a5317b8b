using DiyNet.Tensors;

namespace DiyNet.Data;

/// <summary>
/// Reads a CSV file with a header line in chunks of rows, so that a file larger than memory can be processed: the
/// features are chosen by column name (all columns but the target by default), the target column by name.
/// Every feature value must be a finite number; a missing or non-numeric value is a <see cref="DataFormatException"/>
/// naming the file, line, column number and column name. Blank lines are skipped; gzip is accepted.
/// </summary>
public sealed class CsvTableReader : IDisposable
{
    private readonly TextReader _reader;
    private readonly string _source;
    private readonly char _delimiter;
    private readonly int[] _featureColumns;
    private readonly int _targetColumn;
    private readonly List<string> _fields = new(64);
    private int _line;

    /// <summary>Opens <paramref name="path"/> and reads its header.</summary>
    /// <param name="path">The CSV file (plain or gzip).</param>
    /// <param name="target">The target column's name; null reads the last column when <paramref name="readTarget"/>.</param>
    /// <param name="features">The feature columns' names, in the order the model takes them; null: every column but the target.</param>
    /// <param name="readTarget">False to read features only (prediction); a target column present in the file is then ignored.</param>
    /// <param name="delimiter">The field separator.</param>
    /// <exception cref="DataFormatException">No header, a duplicate or unknown column name, or no feature column.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public CsvTableReader(string path, string? target = null, IReadOnlyList<string>? features = null, bool readTarget = true, char delimiter = ',')
        : this(DataFile.OpenText(path), DataFile.DisplayName(path), target, features, readTarget, delimiter) { }

    /// <summary>Reads CSV from <paramref name="reader"/> (owned: disposed with this reader); <paramref name="source"/> names it in errors.</summary>
    public CsvTableReader(TextReader reader, string source, string? target = null, IReadOnlyList<string>? features = null, bool readTarget = true, char delimiter = ',')
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        _reader = reader;
        _source = source;
        _delimiter = delimiter;
        try
        {
            string? header;
            do
            {
                header = Next();
                if (header is null) throw new DataFormatException(source, $"{source}: empty file; expected a header line naming the columns.", _line);
            } while (string.IsNullOrWhiteSpace(header));
            if (!CsvFields.Split(header, delimiter, _fields))
                throw DataFormatException.AtLine(source, _line, "unclosed quote in the header.");
            Header = _fields.ToArray();
            for (int j = 0; j < Header.Length; j++)
            {
                if (Header[j].Length == 0) throw DataFormatException.AtColumn(source, _line, j + 1, "empty column name in the header.");
                int first = Array.IndexOf(Header, Header[j]);
                if (first < j) throw DataFormatException.AtColumn(source, _line, j + 1, $"column name \"{Header[j]}\" appears twice (columns {first + 1} and {j + 1}).");
            }
            _targetColumn = -1;
            if (readTarget)
            {
                _targetColumn = target is null ? Header.Length - 1 : Column(target, "target");
                TargetName = Header[_targetColumn];
            }
            else if (target is not null) _targetColumn = Array.IndexOf(Header, target);
            if (features is null)
                _featureColumns = Enumerable.Range(0, Header.Length).Where(j => j != _targetColumn).ToArray();
            else
            {
                _featureColumns = features.Select(f => Column(f, "feature")).ToArray();
                if (readTarget && _featureColumns.Contains(_targetColumn))
                    throw new DataFormatException(source, $"{source}: column \"{TargetName}\" is both the target and a feature.", _line);
            }
            if (_featureColumns.Length == 0)
                throw new DataFormatException(source, $"{source}: no feature column (the header has only {string.Join(", ", Header.Select(h => $"\"{h}\""))}).", _line);
            FeatureNames = _featureColumns.Select(j => Header[j]).ToArray();
        }
        catch
        {
            _reader.Dispose();
            throw;
        }
    }

    /// <summary>Every column name of the header, in file order.</summary>
    public string[] Header { get; }

    /// <summary>The feature columns read, in the order of the chunks' columns.</summary>
    public string[] FeatureNames { get; }

    /// <summary>The target column, or null when reading features only.</summary>
    public string? TargetName { get; }

    /// <summary>The file name shown in errors.</summary>
    public string Source => _source;

    /// <summary>Reads up to <paramref name="maxRows"/> rows; null at the end of the file.</summary>
    /// <exception cref="DataFormatException">A row has the wrong column count, or a feature value is missing or not a number.</exception>
    public CsvChunk? ReadChunk(int maxRows)
    {
        if (maxRows <= 0) throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows, "CsvTableReader: chunk size must be positive.");
        int d = _featureColumns.Length;
        var values = new List<float>(Math.Min(maxRows, 1 << 16) * d);
        var targets = TargetName is null ? null : new List<string>();
        var lines = new List<int>();
        string? text;
        while (lines.Count < maxRows && (text = Next()) is not null)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (!CsvFields.Split(text, _delimiter, _fields))
                throw DataFormatException.AtLine(_source, _line, "unclosed quote.");
            if (_fields.Count != Header.Length)
                throw DataFormatException.AtLine(_source, _line, $"expected {Header.Length} columns as in the header, found {_fields.Count}.");
            foreach (int j in _featureColumns)
            {
                string field = _fields[j];
                if (field.Length == 0)
                    throw DataFormatException.AtColumn(_source, _line, j + 1, $"missing value in column \"{Header[j]}\".");
                if (!TextFields.TryParseFloat(field, out float v))
                    throw DataFormatException.AtColumn(_source, _line, j + 1, $"{TextFields.Quote(field)} in column \"{Header[j]}\" is not a number.");
                values.Add(v);
            }
            if (targets is not null)
            {
                string t = _fields[_targetColumn];
                if (t.Length == 0)
                    throw DataFormatException.AtColumn(_source, _line, _targetColumn + 1, $"missing value in the target column \"{TargetName}\".");
                targets.Add(t);
            }
            lines.Add(_line);
        }
        if (lines.Count == 0) return null;
        return new CsvChunk(Tensor.FromArray(values.ToArray(), lines.Count, d), targets?.ToArray(), lines.ToArray());
    }

    /// <summary>Reads every remaining row as one chunk.</summary>
    /// <exception cref="DataFormatException">See <see cref="ReadChunk"/>; also when the file has no data row.</exception>
    public CsvChunk ReadAll() =>
        ReadChunk(int.MaxValue) ?? throw new DataFormatException(_source, $"{_source}: no data rows after the header.", _line);

    /// <summary>
    /// The classes found in the target texts of <paramref name="chunk"/>: sorted numerically when every one is an
    /// integer (<c>2 &lt; 10</c>), else in ordinal order.
    /// </summary>
    public static string[] ClassNamesOf(CsvChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var distinct = (chunk.Targets ?? throw new ArgumentException("CsvTableReader: the chunk has no target column.", nameof(chunk))).Distinct().ToArray();
        bool integers = distinct.All(t => long.TryParse(t, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _));
        return integers
            ? distinct.OrderBy(t => long.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
            : distinct.OrderBy(t => t, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The class index of each row's target text in <paramref name="classNames"/>.</summary>
    /// <exception cref="DataFormatException">A target is not one of the classes (the message names its line and column).</exception>
    public int[] ClassIndices(CsvChunk chunk, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(classNames);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < classNames.Count; k++) index[classNames[k]] = k;
        string[] targets = chunk.Targets ?? throw new InvalidOperationException($"{_source}: this reader reads no target column.");
        var labels = new int[targets.Length];
        for (int i = 0; i < targets.Length; i++)
        {
            if (!index.TryGetValue(targets[i], out labels[i]))
                throw DataFormatException.AtColumn(_source, chunk.Lines[i], _targetColumn + 1,
                    $"class {TextFields.Quote(targets[i])} in column \"{TargetName}\" is not one of the {classNames.Count} classes of the training data ({string.Join(", ", classNames.Take(12))}{(classNames.Count > 12 ? ", …" : "")}).");
        }
        return labels;
    }

    /// <summary>The target texts as numbers (regression targets), shape (rows, 1).</summary>
    /// <exception cref="DataFormatException">A target is not a number (the message names its line and column).</exception>
    public Tensor TargetValues(CsvChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        string[] targets = chunk.Targets ?? throw new InvalidOperationException($"{_source}: this reader reads no target column.");
        var y = new Tensor(targets.Length, 1);
        Span<float> values = y.Span;
        for (int i = 0; i < targets.Length; i++)
            if (!TextFields.TryParseFloat(targets[i], out values[i]))
                throw DataFormatException.AtColumn(_source, chunk.Lines[i], _targetColumn + 1, $"{TextFields.Quote(targets[i])} in the target column \"{TargetName}\" is not a number.");
        return y;
    }

    /// <summary>The 0-based index of the column named <paramref name="name"/>; an error suggests the nearest name.</summary>
    private int Column(string name, string role)
    {
        int j = Array.IndexOf(Header, name);
        if (j >= 0) return j;
        string? near = Nearest.Of(name, Header);
        throw new DataFormatException(_source,
            $"{_source}: no {role} column \"{name}\"{(near is null ? "" : $" (did you mean \"{near}\"?)")}; the header has {string.Join(", ", Header.Select(h => $"\"{h}\""))}.", 1);
    }

    private string? Next()
    {
        try
        {
            string? text = _reader.ReadLine();
            if (text is not null) _line++;
            return text;
        }
        catch (InvalidDataException e)
        {
            throw DataFile.Corrupt(_source, e);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
