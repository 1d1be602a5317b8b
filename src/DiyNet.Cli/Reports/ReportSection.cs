using System.Globalization;
using System.Text;

namespace DiyNet.Cli.Reports;

/// <summary>One experiment's part of the Markdown report: text, tables, figures, and the checked results.</summary>
internal sealed class ReportSection
{
    private readonly StringBuilder _body = new();
    private readonly List<ResultLine> _results = [];

    public ReportSection(string name, string title, string source)
    {
        Name = name;
        Title = title;
        Source = source;
    }

    public string Name { get; }
    public string Title { get; }
    public string Source { get; }

    /// <summary>Seconds the experiment took (set by the runner).</summary>
    public double Seconds { get; set; }

    /// <summary>The headline figures with their targets.</summary>
    public IReadOnlyList<ResultLine> Results => _results;

    public void Paragraph(string text) => _body.Append(text).Append("\n\n");

    /// <summary>A network as it prints itself (its <c>ToString</c>), in a code block under <paramref name="caption"/>:
    /// the report describes what was built, not what was typed about it.</summary>
    public void Network(string caption, object network) =>
        _body.Append(caption).Append("\n\n```text\n").Append(network).Append("\n```\n\n");

    public void Figure(string relativePath, string caption) =>
        _body.Append("![").Append(caption).Append("](").Append(relativePath).Append(")\n\n*").Append(caption).Append("*\n\n");

    /// <summary>A Markdown table.</summary>
    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string? caption = null)
    {
        if (caption is not null) _body.Append("**").Append(caption).Append("**\n\n");
        _body.Append("| ").AppendJoin(" | ", header).Append(" |\n|");
        foreach (var _ in header) _body.Append("---|");
        _body.Append('\n');
        foreach (var row in rows) _body.Append("| ").AppendJoin(" | ", row).Append(" |\n");
        _body.Append('\n');
    }

    /// <summary>Records a headline figure; <paramref name="target"/> is checked when given.</summary>
    public ResultLine Result(string what, double value, string format = "F3", Target? target = null, string? note = null)
    {
        var line = new ResultLine(what, value, format, target, note);
        _results.Add(line);
        return line;
    }

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("## ").Append(Title).Append("\n\n");
        sb.Append("*Source: ").Append(Source).Append(". Command: `diynet experiment ").Append(Name)
          .Append("`. Time: ").Append(Seconds.ToString("F1", CultureInfo.InvariantCulture)).Append(" s.*\n\n");
        if (_results.Count > 0)
        {
            sb.Append("| result | value | target |\n|---|---|---|\n");
            foreach (var r in _results) sb.Append("| ").Append(r.What).Append(" | ").Append(r.ValueText).Append(" | ").Append(r.TargetText).Append(" |\n");
            sb.Append('\n');
        }
        sb.Append(_body);
        return sb.ToString();
    }
}
