using System.IO.Compression;

namespace DiyNet.Tests.Data;

/// <summary>A temporary folder deleted on dispose, with helpers to write test files.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "diynet-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name, string text)
    {
        string path = Path.Combine(Root, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public string File(string name, byte[] bytes)
    {
        string path = Path.Combine(Root, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public string Gzip(string name, byte[] bytes) => File(name, GzipBytes(bytes));

    public static byte[] GzipBytes(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gz = new GZipStream(memory, CompressionLevel.Fastest)) gz.Write(bytes);
        return memory.ToArray();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still open on a failing path must not hide the test's own failure.
        }
    }
}
