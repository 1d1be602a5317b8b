using DiyNet.Training;
using System.Globalization;
using System.Text;

namespace DiyNet.Cluster;

/// <summary>
/// The results table of a sweep, <c>results.csv</c>: one row per trial in trial order — its rank among the finished
/// trials, its status (<c>pending</c>, <c>running</c>, <c>done</c>, <c>failed</c>), its parameters, the mean and
/// standard deviation of the metric, each fold's score (round-trip precision) and its error. Rewritten (atomically)
/// after every finished trial, so <c>diynet sweep status</c> can read it while the sweep runs. It holds only what a
/// trial's seed determines — no host, no time — so a sweep's final table is the same file on one process or on a cluster.
/// </summary>
public static class ResultsTable
{
    /// <summary>The file name in the output folder.</summary>
    public const string FileName = "results.csv";

    /// <summary>The table as CSV.</summary>
    /// <param name="spec">The sweep.</param>
    /// <param name="results">Per trial, its result or null.</param>
    /// <param name="running">Per trial, whether it is running.</param>
    public static string ToCsv(SweepSpec spec, IReadOnlyList<TrialResult?> results, IReadOnlyList<bool> running)
    {
        var names = spec.ParameterNames;
        var ranks = Ranks(spec, results);
        var sb = new StringBuilder();
        var header = new List<string> { "trial", "rank", "status" };
        header.AddRange(names);
        header.AddRange([$"{spec.Metric}_mean", $"{spec.Metric}_std"]);
        header.AddRange(Enumerable.Range(1, spec.Folds).Select(f => $"fold{f}"));
        header.Add("error");
        sb.AppendJoin(',', header.Select(Quote)).Append('\n');
        for (int t = 0; t < spec.Trials.Count; t++)
        {
            var r = results[t];
            var p = spec.Trials[t];
            var cells = new List<string>
            {
                t.ToString(CultureInfo.InvariantCulture),
                ranks[t]?.ToString(CultureInfo.InvariantCulture) ?? "",
                r is null ? running[t] ? "running" : "pending" : r.Succeeded ? "done" : "failed",
            };
            cells.AddRange(names.Select(n => p.Contains(n) ? ParameterSet.Format(p.First(e => e.Key == n).Value) : ""));
            cells.Add(r is null ? "" : Number(r.Mean));
            cells.Add(r is null ? "" : Number(r.Std));
            cells.AddRange(Enumerable.Range(0, spec.Folds).Select(f => r is null ? "" : Number(r.FoldScores[f])));
            cells.Add(r?.Error ?? "");
            sb.AppendJoin(',', cells.Select(Quote)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// The ranks of the finished trials: succeeded ones by score (best first, ties by trial order), then failed ones by
    /// trial order; null for unfinished trials.
    /// </summary>
    public static int?[] Ranks(SweepSpec spec, IReadOnlyList<TrialResult?> results)
    {
        var order = Enumerable.Range(0, results.Count).Where(t => results[t] is not null)
            .OrderBy(t => results[t]!.Succeeded ? 0 : 1)
            .ThenBy(t => results[t]!.Succeeded ? spec.Maximize ? -results[t]!.Mean : results[t]!.Mean : 0)
            .ThenBy(t => t)
            .ToArray();
        var ranks = new int?[results.Count];
        for (int i = 0; i < order.Length; i++) ranks[order[i]] = i + 1;
        return ranks;
    }

    /// <summary>The table ranked, in Markdown: rank, trial, parameters, mean ± std, folds, error (4 decimals).</summary>
    public static string ToMarkdown(SweepSpec spec, IReadOnlyList<TrialResult?> results)
    {
        var names = spec.ParameterNames;
        var ranks = Ranks(spec, results);
        var sb = new StringBuilder();
        sb.Append("| rank | trial | ").AppendJoin(" | ", names).Append($" | {spec.Metric} (mean ± std) | ")
          .AppendJoin(" | ", Enumerable.Range(1, spec.Folds).Select(f => $"fold {f}")).Append(" | error |\n|---|---|");
        foreach (var _ in names) sb.Append("---|");
        sb.Append("---:|");
        for (int f = 0; f < spec.Folds; f++) sb.Append("---:|");
        sb.Append("---|\n");
        foreach (int t in Enumerable.Range(0, results.Count).Where(t => ranks[t] is not null).OrderBy(t => ranks[t]))
        {
            var r = results[t]!;
            var p = spec.Trials[t];
            sb.Append($"| {ranks[t]} | {t} | ")
              .AppendJoin(" | ", names.Select(n => p.Contains(n) ? ParameterSet.Format(p.First(e => e.Key == n).Value).Replace("|", "/") : ""))
              .Append(" | ").Append(r.Succeeded ? $"{F4(r.Mean)} ± {F4(r.Std)}" : "failed").Append(" | ")
              .AppendJoin(" | ", r.FoldScores.Select(s => double.IsNaN(s) ? "—" : F4(s)))
              .Append(" | ").Append((r.Error ?? "").Replace('|', '/').ReplaceLineEndings(" ")).Append(" |\n");
        }
        return sb.ToString();
    }

    /// <summary>Reads the table back (for <c>diynet sweep status</c>): the header and the rows, as text cells.</summary>
    /// <exception cref="FormatException">A row does not have as many cells as the header (the message gives the line).</exception>
    public static (string[] Header, List<string[]> Rows) Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw new FormatException($"{path}: empty results table.");
        var header = SplitCsv(lines[0]);
        var rows = new List<string[]>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var cells = SplitCsv(lines[i]);
            if (cells.Length != header.Length) throw new FormatException($"{path}, line {i + 1}: {cells.Length} cells, the header has {header.Length}.");
            rows.Add(cells);
        }
        return (header, rows);
    }

    private static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return [.. cells];
    }

    private static string Quote(string cell)
    {
        cell = cell.ReplaceLineEndings(" ");
        return cell.IndexOfAny([',', '"']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
    }

    private static string Number(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);

    private static string F4(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
}
