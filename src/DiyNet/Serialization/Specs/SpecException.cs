namespace DiyNet.Serialization;

/// <summary>
/// A model spec cannot be read or built. The message names the 0-based character position and, for an unknown
/// module or argument, the nearest known name; <see cref="Display"/> shows the spec with a caret under the place.
/// </summary>
public sealed class SpecException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="spec">The spec text.</param>
    /// <param name="position">0-based character position of the problem.</param>
    /// <param name="detail">What is wrong there.</param>
    /// <param name="inner">The underlying error (e.g. a module constructor's), if any.</param>
    public SpecException(string spec, int position, string detail, Exception? inner = null)
        : base($"model spec, position {position + 1}: {detail}", inner)
    {
        Spec = spec;
        Position = position;
        Detail = detail;
    }

    /// <summary>The spec text.</summary>
    public string Spec { get; }

    /// <summary>0-based character position of the problem.</summary>
    public int Position { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Detail { get; }

    /// <summary>The spec on one line and a caret under the problem on the next (for a terminal).</summary>
    public string Display
    {
        get
        {
            string line = Spec.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ');
            return $"{line}\n{new string(' ', Math.Min(Position, line.Length))}^ {Message}";
        }
    }
}
