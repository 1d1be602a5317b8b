namespace DiyNet.Cluster;

/// <summary>One trial of a sweep as it travels to a silo: its resolved run spec (JSON) and the cross-validation settings.</summary>
/// <param name="Sweep">The sweep's identifier (its output folder's name and a random suffix).</param>
/// <param name="Index">The trial's position in the sweep (0-based).</param>
/// <param name="RunSpec">The trial's <see cref="TrainSpec"/> as JSON, parameters filled in.</param>
/// <param name="Folds">Cross-validation folds.</param>
/// <param name="Metric">The metric's name.</param>
[GenerateSerializer, Immutable]
public sealed record TrialRequest(
    [property: Id(0)] string Sweep,
    [property: Id(1)] int Index,
    [property: Id(2)] string RunSpec,
    [property: Id(3)] int Folds,
    [property: Id(4)] string Metric);
