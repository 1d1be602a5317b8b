namespace DiyNet.Cli.Serving;

/// <summary>A request body over the server's limit, refused before it is read to the end: answered 400, then the connection closes.</summary>
internal sealed class BodyTooLargeException(string message) : Exception(message);
