namespace DiyNet.Serialization;

/// <summary>
/// A model file (safetensors) that cannot be read: the message names the file and the problem, e.g.
/// <c>model.safetensors: header length 18446744073709551615 bytes exceeds the limit of 100000000</c>.
/// </summary>
public sealed class ModelFileException : IOException
{
    /// <summary>Creates the error for <paramref name="path"/>.</summary>
    public ModelFileException(string path, ModelFileProblem problem, string detail, Exception? inner = null)
        : base($"{path}: {detail}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file (or stream name) that failed.</summary>
    public string Path { get; }

    /// <summary>What is wrong.</summary>
    public ModelFileProblem Problem { get; }
}
