namespace DiyNet.Modules;

/// <summary>The encoder or the decoder of an <see cref="AutoEncoder"/> failed; the message names which one.</summary>
public sealed class AutoEncoderException : Exception
{
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public AutoEncoderException(string message, Exception inner) : base(message, inner) { }
}
