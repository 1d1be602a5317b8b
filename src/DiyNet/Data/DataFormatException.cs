namespace DiyNet.Data;

/// <summary>
/// A data file does not have the expected format. The message names the file, the place (line and column for text
/// files, byte offset for binary ones), what was expected and what was found, e.g.
/// <c>USPS_train.txt, line 12: expected 257 values (label + 256 pixels), found 255.</c>
/// </summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="fileName">The file (or resource) being read.</param>
    /// <param name="message">The full message, place included.</param>
    /// <param name="line">1-based line of a text file, when known.</param>
    /// <param name="offset">Byte offset in the (decompressed) content of a binary file, when known.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public DataFormatException(string fileName, string message, int? line = null, long? offset = null, Exception? inner = null)
        : base(message, inner)
    {
        FileName = fileName;
        Line = line;
        Offset = offset;
    }

    /// <summary>The file (or resource) being read.</summary>
    public string FileName { get; }

    /// <summary>1-based line of a text file where the problem is, when known.</summary>
    public int? Line { get; }

    /// <summary>Byte offset in the decompressed content of a binary file, when known.</summary>
    public long? Offset { get; }

    internal static DataFormatException AtLine(string file, int line, string detail) =>
        new(file, $"{file}, line {line}: {detail}", line);

    internal static DataFormatException AtColumn(string file, int line, int column, string detail) =>
        new(file, $"{file}, line {line}, column {column}: {detail}", line);
}
