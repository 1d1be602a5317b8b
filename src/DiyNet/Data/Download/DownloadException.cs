namespace DiyNet.Data;

/// <summary>A data file could not be downloaded (HTTP error, connection lost after every retry).</summary>
public class DownloadException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="fileName">The file being downloaded.</param>
    /// <param name="message">What went wrong, with the address.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public DownloadException(string fileName, string message, Exception? inner = null) : base(message, inner) => FileName = fileName;

    /// <summary>The file being downloaded.</summary>
    public string FileName { get; }
}
