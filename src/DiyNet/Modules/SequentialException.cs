namespace DiyNet.Modules;

/// <summary>A child of a <see cref="Sequential"/> failed; the message names its index and type.</summary>
public sealed class SequentialException : Exception
{
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public SequentialException(string message, Exception inner) : base(message, inner) { }
}
