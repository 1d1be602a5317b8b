using DiyNet.Tensors;

namespace DiyNet.Data;

/// <summary>
/// Consecutive rows of a CSV file read by <see cref="CsvTableReader"/>: the feature values, the target column's text
/// (when the reader has a target) and the line number of each row.
/// </summary>
/// <param name="X">Features, shape (rows, features), in the order of <see cref="CsvTableReader.FeatureNames"/>.</param>
/// <param name="Targets">The target column's text per row, or null when the reader reads features only.</param>
/// <param name="Lines">1-based line number of each row in the file.</param>
public sealed record CsvChunk(Tensor X, string[]? Targets, int[] Lines)
{
    /// <summary>Number of rows.</summary>
    public int Count => Lines.Length;
}
