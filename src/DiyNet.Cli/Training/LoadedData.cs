using DiyNet.Tensors;

namespace DiyNet.Cli.Training;

/// <summary>
/// A data set ready for a network: inputs flat (N, features), and class indices (classification) or values (N, 1)
/// (regression), with the card that says how it was read and the files it came from.
/// </summary>
internal sealed class LoadedData
{
    public required Tensor X { get; init; }

    /// <summary>Class index per example (classification).</summary>
    public int[]? Labels { get; init; }

    /// <summary>Target values, shape (N, 1) (regression).</summary>
    public Tensor? Values { get; init; }

    public required ModelCard Card { get; init; }

    /// <summary>The files read (for run.json's hashes).</summary>
    public required string[] Files { get; init; }

    /// <summary>A name per example for reports (image file, or CSV line), when known.</summary>
    public string[]? ExampleNames { get; init; }

    public int Count => X.Dim(0);

    /// <summary>The targets as the loss takes them: one-hot (N, K) or values (N, 1).</summary>
    public Tensor Targets() => Labels is not null
        ? DiyNet.Data.Preparation.OneHot(Labels, Card.Classes!.Length)
        : Values ?? throw new InvalidOperationException("LoadedData: no targets.");

    /// <summary>The examples at <paramref name="indices"/>, copied.</summary>
    public LoadedData Subset(int[] indices) => new()
    {
        X = DiyNet.Data.Preparation.TakeRows(X, indices),
        Labels = Labels is null ? null : DiyNet.Data.Preparation.Take(Labels, indices),
        Values = Values is null ? null : DiyNet.Data.Preparation.TakeRows(Values, indices),
        Card = Card,
        Files = Files,
        ExampleNames = ExampleNames is null ? null : indices.Select(i => ExampleNames[i]).ToArray(),
    };
}
