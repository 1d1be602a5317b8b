namespace DiyNet.Cluster;

/// <summary>The outcome of a trial: the score of every fold, or the error that stopped it.</summary>
/// <param name="Index">The trial's position in the sweep.</param>
/// <param name="FoldScores">The metric on each held-out fold (NaN for a failed fold).</param>
/// <param name="Error">Why the trial failed (bad hyper-parameters, divergence), or null.</param>
/// <param name="Host">The machine and process that ran it (journal only, not in the results table).</param>
/// <param name="Seconds">Its wall time (journal only).</param>
[GenerateSerializer, Immutable]
public sealed record TrialResult(
    [property: Id(0)] int Index,
    [property: Id(1)] double[] FoldScores,
    [property: Id(2)] string? Error,
    [property: Id(3)] string Host,
    [property: Id(4)] double Seconds)
{
    /// <summary>True when every fold was scored.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Mean of the fold scores (NaN when a fold failed).</summary>
    public double Mean => FoldScores.Length == 0 ? double.NaN : FoldScores.Average();

    /// <summary>Population standard deviation of the fold scores.</summary>
    public double Std
    {
        get
        {
            double mean = Mean;
            return FoldScores.Length == 0 ? double.NaN : Math.Sqrt(FoldScores.Sum(s => (s - mean) * (s - mean)) / FoldScores.Length);
        }
    }
}
