using System.Globalization;
using System.Text;

namespace DiyNet.Analysis;

/// <summary>
/// Purity of a clustering against true labels, per cluster and overall (report 000, fig. 5.5): each cluster is
/// named after its majority label and scored by the share of that label.
/// </summary>
public sealed class PurityTable
{
    internal PurityTable(IReadOnlyList<PurityRow> rows)
    {
        Rows = rows;
        int n = rows.Sum(r => r.Size);
        Overall = n == 0 ? 0 : (double)rows.Sum(r => r.MajorityCount) / n;
        MeanPurity = rows.Count == 0 ? 0 : rows.Average(r => r.Purity);
        StdPurity = rows.Count == 0 ? 0 : Math.Sqrt(rows.Average(r => (r.Purity - MeanPurity) * (r.Purity - MeanPurity)));
    }

    /// <summary>One row per non-empty cluster, by increasing cluster identifier.</summary>
    public IReadOnlyList<PurityRow> Rows { get; }

    /// <summary>Overall purity: <c>Σ_clusters MajorityCount / N</c> (clusters weighted by their size).</summary>
    public double Overall { get; }

    /// <summary>Unweighted mean of the per-cluster purities (the report's "mean").</summary>
    public double MeanPurity { get; }

    /// <summary>Population standard deviation of the per-cluster purities (the report's "std").</summary>
    public double StdPurity { get; }

    /// <summary>
    /// The table in Markdown: one line per cluster (cluster, size, majority label, purity), then the mean and standard
    /// deviation of the purities and the overall purity.
    /// </summary>
    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("| Cluster | Size | Majority label | Purity |\n");
        sb.Append("|---:|---:|---:|---:|\n");
        foreach (var r in Rows)
            sb.Append(c, $"| {r.Cluster} | {r.Size} | {r.MajorityLabel} | {r.Purity:F4} |\n");
        sb.Append(c, $"\nMean purity {MeanPurity:F4} (std {StdPurity:F4}); overall purity {Overall:F4}.\n");
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"PurityTable({Rows.Count} clusters, overall {Overall:F4}, mean {MeanPurity:F4} ± {StdPurity:F4})");
}
