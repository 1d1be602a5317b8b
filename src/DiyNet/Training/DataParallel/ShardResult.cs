namespace DiyNet.Training;

/// <summary>A worker's answer: the gradient sums of the tree nodes covering its shards, and each shard's summed loss.</summary>
/// <param name="Nodes">The nodes (<see cref="ShardPlan.Cover"/> of the worker's block), left to right.</param>
/// <param name="Sums">Per node, the gradient of the batch-mean loss restricted to the node's examples, concatenated in parameter order.</param>
/// <param name="LossSums">Per shard of the block, the sum of its examples' losses.</param>
public sealed record ShardResult(ShardRange[] Nodes, float[][] Sums, double[] LossSums)
{
    /// <summary>Bytes of the answer as it travels: the gradient floats and the loss doubles.</summary>
    public long PayloadBytes => Sums.Sum(s => (long)s.Length * sizeof(float)) + (long)LossSums.Length * sizeof(double);
}
