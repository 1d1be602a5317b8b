namespace DiyNet.Serialization;

/// <summary>
/// A network cannot be exported to ONNX: one of its modules is not a DiyNet built-in module (the message names it and
/// its path in the network), or the example shape does not fit the network.
/// </summary>
public sealed class OnnxExportException : Exception
{
    /// <summary>An export failure described by <paramref name="message"/>.</summary>
    public OnnxExportException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
