namespace DiyNet.Data;

/// <summary>A file of a downloadable data set, with the SHA-256 its content must have.</summary>
/// <param name="FileName">Name on the server (appended to the data set's base address) and in the cache.</param>
/// <param name="Sha256">Expected SHA-256 of the content, 64 lowercase hex digits.</param>
/// <param name="Size">Expected size in bytes (for progress and to restart an overlong partial file).</param>
public sealed record RemoteFile(string FileName, string Sha256, long Size);
