using System.Globalization;
using System.Text;

namespace DiyNet.Training;

/// <summary>The ranked table of a <see cref="GridSearch"/>: one row per combination, best first.</summary>
public sealed class GridSearchResult
{
    internal GridSearchResult(IReadOnlyList<GridSearchRow> rows, IReadOnlyList<string> names, string metricName, bool maximize, int folds, int seed)
    {
        Rows = rows;
        ParameterNames = names;
        MetricName = metricName;
        Maximize = maximize;
        Folds = folds;
        Seed = seed;
    }

    /// <summary>The combinations, best first; failed ones last.</summary>
    public IReadOnlyList<GridSearchRow> Rows { get; }

    /// <summary>The best combination.</summary>
    public GridSearchRow Best => Rows[0];

    /// <summary>The parameter names (columns of the table).</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The metric's name.</summary>
    public string MetricName { get; }

    /// <summary>Whether higher scores rank first.</summary>
    public bool Maximize { get; }

    /// <summary>Number of cross-validation folds.</summary>
    public int Folds { get; }

    /// <summary>The seed of the search.</summary>
    public int Seed { get; }

    /// <summary>
    /// The table in Markdown: rank, parameters, mean ± std of the metric, and each fold's score
    /// (<paramref name="digits"/> decimals); a last column explains failed combinations.
    /// </summary>
    public string ToMarkdown(int digits = 4)
    {
        string f = "F" + digits.ToString(CultureInfo.InvariantCulture);
        bool anyFailure = Rows.Any(r => r.Failure is not null);
        var header = new List<string> { "rank" };
        header.AddRange(ParameterNames);
        header.Add($"{MetricName} (mean ± std)");
        for (int k = 1; k <= Folds; k++) header.Add($"fold {k}");
        if (anyFailure) header.Add("note");
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", header).Append(" |\n|");
        foreach (string h in header) sb.Append(h == "rank" || ParameterNames.Contains(h) || h == "note" ? " --- |" : " ---: |");
        sb.Append('\n');
        foreach (var row in Rows)
        {
            var cells = new List<string> { row.Rank.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(row.Parameters.Select(p => ParameterSet.Format(p.Value)));
            cells.Add(double.IsNaN(row.Mean) ? "failed" : $"{row.Mean.ToString(f, CultureInfo.InvariantCulture)} ± {row.Std.ToString(f, CultureInfo.InvariantCulture)}");
            cells.AddRange(row.FoldScores.Select(s => double.IsNaN(s) ? "—" : s.ToString(f, CultureInfo.InvariantCulture)));
            if (anyFailure) cells.Add((row.Failure ?? "").Replace('|', '/').ReplaceLineEndings(" "));
            sb.Append("| ").AppendJoin(" | ", cells).Append(" |\n");
        }
        return sb.ToString();
    }

    /// <summary>The Markdown table.</summary>
    public override string ToString() => ToMarkdown();
}
