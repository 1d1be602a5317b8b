namespace DiyNet.Cluster;

/// <summary>The outcome of a sweep.</summary>
/// <param name="Results">Per trial, its result.</param>
/// <param name="BestTrial">The best trial, or null when every trial failed.</param>
/// <param name="TestScore">The best trial retrained on the whole training part, scored on the held-out part (null without one).</param>
/// <param name="Seconds">Wall time of the trials.</param>
/// <param name="Restarts">Times a trial was started again on another silo after its silo was lost (seen from the silos that answered its polls).</param>
public sealed record SweepOutcome(IReadOnlyList<TrialResult> Results, int? BestTrial, double? TestScore, double Seconds, int Restarts);
