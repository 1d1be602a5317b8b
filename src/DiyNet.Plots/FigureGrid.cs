using DiyNet.Plots.Style;
using DiyNet.Plots.Svg;

namespace DiyNet.Plots;

/// <summary>
/// Several figures side by side, filled row by row (small multiples: e.g. train/test loss of four configurations),
/// with an optional overall title. Each column is as wide as its widest panel, each row as tall as its tallest.
/// </summary>
/// <example><code>
/// var grid = new FigureGrid(columns: 2) { Title = "Loss by configuration", ShareY = true };
/// foreach (var run in runs) grid.Add(new LineChart { Title = run.Name }.Add("train", run.Train).Add("test", run.Test));
/// grid.Save("out/losses.svg");
/// </code></example>
public sealed class FigureGrid : Figure
{
    private const double Gap = 8;
    private readonly List<Figure> _panels = [];

    /// <summary>Creates an empty grid of <paramref name="columns"/> columns.</summary>
    /// <exception cref="ArgumentOutOfRangeException">columns &lt; 1.</exception>
    public FigureGrid(int columns = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        Columns = columns;
    }

    /// <summary>Panels per row.</summary>
    public int Columns { get; }

    /// <summary>Whether every <see cref="LineChart"/> panel gets the same y range (the union of their data), for comparison.</summary>
    public bool ShareY { get; set; }

    /// <summary>The panels added so far.</summary>
    public IReadOnlyList<Figure> Panels => _panels;

    /// <summary>Appends a panel.</summary>
    /// <exception cref="ArgumentException">The panel is this grid.</exception>
    public FigureGrid Add(Figure panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (ReferenceEquals(panel, this)) throw new ArgumentException("FigureGrid: a grid cannot contain itself.", nameof(panel));
        _panels.Add(panel);
        return this;
    }

    internal override (double Width, double Height) Measure()
    {
        var (cols, rows) = Tracks();
        return (Math.Max(cols.Sum() + Gap * (cols.Length - 1), 1), Math.Max(rows.Sum() + Gap * (rows.Length - 1) + TitleHeight, 1));
    }

    internal override void Render(SvgBuilder svg)
    {
        var (cols, rows) = Tracks();
        if (!string.IsNullOrEmpty(Title))
            svg.Label(Measure().Width / 2, 10 + Theme.TitleSize * 0.9, Title, Theme.TitleSize + 1, bold: true, cssClass: "title");
        (double Min, double Max)? shared = ShareY ? SharedRange() : null;
        for (int i = 0; i < _panels.Count; i++)
        {
            int r = i / Columns, c = i % Columns;
            double x = cols.Take(c).Sum() + Gap * c, y = TitleHeight + rows.Take(r).Sum() + Gap * r;
            svg.Start("g").Attr("class", "panel").Attr("transform", $"translate({SvgBuilder.Number(x)} {SvgBuilder.Number(y)})").Open();
            if (_panels[i] is LineChart chart && shared is not null)
            {
                chart.SharedY = shared;
                try { chart.Render(svg); }
                finally { chart.SharedY = null; }
            }
            else _panels[i].Render(svg);
            svg.Close();
        }
    }

    private double TitleHeight => string.IsNullOrEmpty(Title) ? 0 : Theme.TitleSize + 20;

    private (double[] Columns, double[] Rows) Tracks()
    {
        int nCols = Math.Min(Columns, Math.Max(_panels.Count, 1)), nRows = (_panels.Count + Columns - 1) / Columns;
        var cols = new double[nCols];
        var rows = new double[Math.Max(nRows, 1)];
        for (int i = 0; i < _panels.Count; i++)
        {
            var (w, h) = _panels[i].Measure();
            cols[i % Columns] = Math.Max(cols[i % Columns], w);
            rows[i / Columns] = Math.Max(rows[i / Columns], h);
        }
        return (cols, rows);
    }

    private (double Min, double Max)? SharedRange()
    {
        (double Min, double Max)? all = null;
        foreach (var p in _panels)
            if (p is LineChart chart && chart.YDataRange() is { } r)
                all = all is { } a ? (Math.Min(a.Min, r.Min), Math.Max(a.Max, r.Max)) : r;
        return all;
    }

    /// <inheritdoc />
    public override string ToString() => $"FigureGrid({_panels.Count} panels, {Columns} columns)";
}
