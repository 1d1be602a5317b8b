namespace DiyNet.Training;

/// <summary>
/// A node of a <see cref="ShardPlan"/>'s reduction tree: the shards <c>[First, End)</c>. A leaf holds one shard; an
/// inner node is the sum of its two children, cut at <see cref="Middle"/>.
/// </summary>
/// <param name="First">The first shard.</param>
/// <param name="End">One past the last shard.</param>
public readonly record struct ShardRange(int First, int End)
{
    /// <summary>Number of shards under the node.</summary>
    public int Count => End - First;

    /// <summary>True for a single shard.</summary>
    public bool IsLeaf => Count == 1;

    /// <summary>Where the node splits into its children <c>[First, Middle)</c> and <c>[Middle, End)</c>.</summary>
    public int Middle => First + Count / 2;

    /// <summary>The left child.</summary>
    public ShardRange Left => new(First, Middle);

    /// <summary>The right child.</summary>
    public ShardRange Right => new(Middle, End);

    /// <summary>E.g. <c>[2, 4)</c>.</summary>
    public override string ToString() => $"[{First}, {End})";
}
