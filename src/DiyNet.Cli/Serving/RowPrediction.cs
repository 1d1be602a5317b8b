namespace DiyNet.Cli.Serving;

/// <summary>
/// The answer for one row: for a classifier the class name, its index and one probability per class; for a regression
/// the network's values. Absent members are left out of the JSON.
/// </summary>
internal sealed record RowPrediction(string? Class, int? Index, float[]? Probabilities, float[]? Values);
