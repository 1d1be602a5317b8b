using System.IO.Compression;

namespace DiyNet.Data;

/// <summary>Opens data files, transparently decompressing gzip (recognized by its magic bytes, not its name).</summary>
internal static class DataFile
{
    /// <summary>Opens <paramref name="path"/> for reading; gzip content is decompressed on the fly.</summary>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    /// <exception cref="IOException">The path is a folder.</exception>
    public static Stream Open(string path)
    {
        RequireFile(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return Decompressed(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Throws an <see cref="IOException"/> saying so when <paramref name="path"/> is a folder, where the operating system
    /// would report "access denied".
    /// </summary>
    public static void RequireFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) throw new IOException($"{path}: is a folder; expected a data file.");
    }

    /// <summary>Wraps a seekable stream in a <see cref="GZipStream"/> when it starts with the gzip magic 1f 8b.</summary>
    public static Stream Decompressed(Stream stream)
    {
        if (!stream.CanSeek) throw new ArgumentException("DataFile: the stream must be seekable to detect gzip.", nameof(stream));
        long start = stream.Position;
        int b0 = stream.ReadByte(), b1 = stream.ReadByte();
        stream.Position = start;
        return b0 == 0x1f && b1 == 0x8b ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }

    /// <summary>The name shown in error messages: the file name without its folder.</summary>
    public static string DisplayName(string path) => Path.GetFileName(path);

    /// <summary>A data set name derived from a file name: <c>USPS_train.txt</c> → <c>usps-train</c>, <c>digits.csv.gz</c> → <c>digits</c>.</summary>
    public static string DefaultName(string path)
    {
        string name = Path.GetFileName(path);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) name = name[..^3];
        return Path.GetFileNameWithoutExtension(name).ToLowerInvariant().Replace('_', '-');
    }

    /// <summary>A text reader over a data file (gzip or not), UTF-8.</summary>
    public static StreamReader OpenText(string path) => new(Open(path), System.Text.Encoding.UTF8, false, 1 << 16);

    /// <summary>Wraps a gzip decoding failure in a <see cref="DataFormatException"/> naming the file.</summary>
    public static DataFormatException Corrupt(string file, InvalidDataException e) =>
        new(file, $"{file}: not a valid gzip stream ({e.Message})", inner: e);
}
