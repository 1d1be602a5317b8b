namespace DiyNet.Modules;

/// <summary>A tensor reached a module or loss with a shape it cannot take; the message names both shapes.</summary>
public sealed class ShapeException : ArgumentException
{
    /// <summary>Creates the error for <paramref name="source"/> (a module or loss).</summary>
    public ShapeException(object source, string what, string expected, string actual)
        : base($"{source}: {what} has shape {actual}, expected {expected}.")
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The expected shape, as text.</summary>
    public string Expected { get; }

    /// <summary>The actual shape, as text.</summary>
    public string Actual { get; }
}
