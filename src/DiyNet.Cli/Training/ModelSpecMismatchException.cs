namespace DiyNet.Cli.Training;

/// <summary>The model given does not fit the data (its output size, its input size).</summary>
internal sealed class ModelSpecMismatchException(string message) : Exception(message);
