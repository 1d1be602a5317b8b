namespace DiyNet.Data;

/// <summary>How far the download of one file has got.</summary>
/// <param name="FileName">The file.</param>
/// <param name="BytesReceived">Bytes on disk so far, a resumed part included.</param>
/// <param name="TotalBytes">Expected size, when known.</param>
/// <param name="Resumed">True when this transfer continues a partial file left by an earlier attempt.</param>
public readonly record struct DownloadProgress(string FileName, long BytesReceived, long? TotalBytes, bool Resumed);
