namespace DiyNet.Analysis;

/// <summary>
/// Cluster purity: for each cluster, the majority true label and its share,
/// <c>purity(c) = max_ℓ |{i ∈ c : label_i = ℓ}| / |c|</c>; overall, <c>Σ_c max_ℓ |c ∩ ℓ| / N</c>.
/// </summary>
public static class Purity
{
    /// <summary>Tabulates the purity of <paramref name="clusters"/> against the true <paramref name="labels"/>.</summary>
    /// <param name="clusters">Cluster of each sample (any integers, e.g. <see cref="KMeansResult.Labels"/>).</param>
    /// <param name="labels">True label of each sample (any integers).</param>
    /// <exception cref="ArgumentException">The two arrays differ in length.</exception>
    public static PurityTable Compute(int[] clusters, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(labels);
        if (clusters.Length != labels.Length)
            throw new ArgumentException($"Purity: {clusters.Length} cluster assignments for {labels.Length} labels.", nameof(labels));
        var c = new DenseLabels(clusters);
        var l = new DenseLabels(labels);
        var counts = new int[c.Count, l.Count];
        for (int i = 0; i < clusters.Length; i++) counts[c.Indices[i], l.Indices[i]]++;
        var rows = new List<PurityRow>(c.Count);
        for (int ci = 0; ci < c.Count; ci++)
        {
            int best = 0;
            for (int li = 1; li < l.Count; li++)
                if (counts[ci, li] > counts[ci, best]) best = li;
            rows.Add(new PurityRow(c.Values[ci], c.Sizes[ci], l.Values[best], counts[ci, best]));
        }
        return new PurityTable(rows);
    }
}
