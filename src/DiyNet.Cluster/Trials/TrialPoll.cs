namespace DiyNet.Cluster;

/// <summary>What a trial grain answers to a poll: the silo running the trial, and its result once finished.</summary>
/// <param name="Silo">The silo running the trial (a trial seen on two silos was started again after its first silo died).</param>
/// <param name="Result">The result, or null while the trial runs.</param>
[GenerateSerializer, Immutable]
public sealed record TrialPoll(
    [property: Id(0)] SiloAddress Silo,
    [property: Id(1)] TrialResult? Result);
