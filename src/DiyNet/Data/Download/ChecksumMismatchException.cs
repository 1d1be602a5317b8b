namespace DiyNet.Data;

/// <summary>
/// A downloaded file's SHA-256 differs from the expected one; the partial file was deleted, nothing was cached.
/// </summary>
public sealed class ChecksumMismatchException : DownloadException
{
    /// <summary>Creates the exception; the message names the file, the expected and the actual hash.</summary>
    public ChecksumMismatchException(string fileName, string expected, string actual)
        : base(fileName, $"{fileName}: SHA-256 mismatch: expected {expected}, got {actual}. The download was deleted.")
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The SHA-256 the catalog expects.</summary>
    public string Expected { get; }

    /// <summary>The SHA-256 of the bytes received.</summary>
    public string Actual { get; }
}
