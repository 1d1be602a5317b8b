namespace DiyNet.Analysis;

/// <summary>One cluster of a <see cref="PurityTable"/>.</summary>
/// <param name="Cluster">The cluster's identifier.</param>
/// <param name="Size">Number of samples in the cluster.</param>
/// <param name="MajorityLabel">The most frequent true label in the cluster (the smallest one on a tie).</param>
/// <param name="MajorityCount">How many samples of the cluster carry <paramref name="MajorityLabel"/>.</param>
public sealed record PurityRow(int Cluster, int Size, int MajorityLabel, int MajorityCount)
{
    /// <summary>Share of the cluster carrying its majority label: <c>MajorityCount / Size</c>.</summary>
    public double Purity => (double)MajorityCount / Size;
}
