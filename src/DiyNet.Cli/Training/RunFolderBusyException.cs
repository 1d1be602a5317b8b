namespace DiyNet.Cli.Training;

/// <summary>An output folder is held by another running <c>diynet train</c>.</summary>
internal sealed class RunFolderBusyException(string message) : IOException(message);
