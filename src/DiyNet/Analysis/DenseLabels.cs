namespace DiyNet.Analysis;

/// <summary>Arbitrary integer labels renumbered 0..K−1 in increasing order of their values.</summary>
internal sealed class DenseLabels
{
    /// <summary>Renumbers <paramref name="labels"/>.</summary>
    public DenseLabels(ReadOnlySpan<int> labels)
    {
        Values = labels.ToArray().Distinct().Order().ToArray();
        var index = new Dictionary<int, int>(Values.Length);
        for (int c = 0; c < Values.Length; c++) index[Values[c]] = c;
        Indices = new int[labels.Length];
        Sizes = new int[Values.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            int c = index[labels[i]];
            Indices[i] = c;
            Sizes[c]++;
        }
    }

    /// <summary>The distinct label values, ascending; dense index c stands for <c>Values[c]</c>.</summary>
    public int[] Values { get; }

    /// <summary>The dense index of each sample.</summary>
    public int[] Indices { get; }

    /// <summary>Samples per dense index.</summary>
    public int[] Sizes { get; }

    /// <summary>Number of distinct labels.</summary>
    public int Count => Values.Length;
}
