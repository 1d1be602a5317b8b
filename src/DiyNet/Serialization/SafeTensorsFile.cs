using DiyNet.Tensors;

namespace DiyNet.Serialization;

/// <summary>The contents of a safetensors file: its tensors (converted to float32, in file order) and its
/// <c>__metadata__</c> strings.</summary>
public sealed class SafeTensorsFile
{
    internal SafeTensorsFile(string path, IReadOnlyList<KeyValuePair<string, Tensor>> tensors,
        IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<string, string> dtypes)
    {
        Path = path;
        Tensors = tensors;
        Metadata = metadata;
        DTypes = dtypes;
    }

    /// <summary>The file read (or the stream's name).</summary>
    public string Path { get; }

    /// <summary>The tensors by name, in the order of their data in the file.</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> Tensors { get; }

    /// <summary>The <c>__metadata__</c> map (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The dtype each tensor had in the file (<c>F32</c>, <c>F64</c>, <c>F16</c>, <c>BF16</c>).</summary>
    public IReadOnlyDictionary<string, string> DTypes { get; }

    /// <summary>The tensors as a dictionary (for <see cref="Modules.Module.LoadStateDict"/>).</summary>
    public Dictionary<string, Tensor> ToDictionary() => Tensors.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
}
