namespace DiyNet.Cluster;

/// <summary>A worker grain's answer (a <see cref="Training.ShardResult"/> on the wire).</summary>
/// <param name="NodeFirst">Per tree node, its first shard.</param>
/// <param name="NodeEnd">Per tree node, one past its last shard.</param>
/// <param name="Sums">Per tree node, its gradient sum.</param>
/// <param name="LossSums">Per shard, the sum of its losses.</param>
/// <param name="Silo">The endpoint (address:port) of the silo that computed it.</param>
[GenerateSerializer, Immutable]
public sealed record ShardAnswer(
    [property: Id(0)] int[] NodeFirst,
    [property: Id(1)] int[] NodeEnd,
    [property: Id(2)] float[][] Sums,
    [property: Id(3)] double[] LossSums,
    [property: Id(4)] string Silo);
