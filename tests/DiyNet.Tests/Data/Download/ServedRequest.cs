namespace DiyNet.Tests.Data.Download;

/// <summary>What the loopback server did with one request.</summary>
internal sealed record ServedRequest(string Path, string? Range, int Status, long BytesSent, bool Aborted);
