namespace DiyNet.Data;

/// <summary>How <see cref="CsvLoader"/> reads a file of numeric rows with one integer label column.</summary>
public sealed record CsvOptions
{
    /// <summary>The field separator.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>Whether the first line names the columns (it is skipped, but sets the expected column count).</summary>
    public bool HasHeader { get; init; }

    /// <summary>0-based column of the label; negative counts from the end (-1: the last column, as in the 8×8 digits).</summary>
    public int LabelColumn { get; init; } = -1;

    /// <summary>Number of classes; the largest label + 1 when null.</summary>
    public int? ClassCount { get; init; }

    /// <summary>Height and width when each row's features are an image, else null.</summary>
    public (int Height, int Width)? ImageSize { get; init; }

    /// <summary>Optional class names (their count must equal the class count).</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }
}
