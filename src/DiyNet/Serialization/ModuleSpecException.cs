namespace DiyNet.Serialization;

/// <summary>An architecture (a <see cref="ModuleSpec"/> or its JSON) that cannot be read or built; the message says
/// which module and which argument.</summary>
public class ModuleSpecException : FormatException
{
    /// <summary>Creates the error.</summary>
    public ModuleSpecException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
