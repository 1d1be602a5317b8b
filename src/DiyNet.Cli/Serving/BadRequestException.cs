namespace DiyNet.Cli.Serving;

/// <summary>A request <c>diynet serve</c> refuses: answered 400 with <see cref="Exception.Message"/> as the JSON error.</summary>
internal sealed class BadRequestException(string message) : Exception(message);
