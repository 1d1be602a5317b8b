using DiyNet.Plots.Axes;
using DiyNet.Plots.Style;
using DiyNet.Plots.Svg;

namespace DiyNet.Plots;

/// <summary>
/// A matrix of coloured cells with row and column labels, the value printed in each cell and a colour bar:
/// confusion matrices (counts or normalized), accuracies over a grid of hyper-parameters.
/// </summary>
/// <example><code>
/// Heatmap.ConfusionMatrix(counts, classNames: null, normalization: HeatmapNormalization.Rows).Save("out/confusion.svg");
/// </code></example>
public sealed class Heatmap : Figure
{
    private const double Pad = 10, BarWidth = 14;
    private readonly double[,] _values;
    private readonly bool _integers;
    private double _cellSize = 40;

    /// <summary>A heatmap of <paramref name="values"/>[row, column].</summary>
    /// <exception cref="ArgumentException">The matrix is empty.</exception>
    public Heatmap(double[,] values) : this(Copy(values, v => v), integers: false) { }

    /// <summary>A heatmap of <paramref name="values"/>[row, column].</summary>
    /// <exception cref="ArgumentException">The matrix is empty.</exception>
    public Heatmap(float[,] values) : this(Copy(values, v => (double)v), integers: false) { }

    /// <summary>A heatmap of counts <paramref name="values"/>[row, column].</summary>
    /// <exception cref="ArgumentException">The matrix is empty.</exception>
    public Heatmap(int[,] values) : this(Copy(values, v => (double)v), integers: true) { }

    private Heatmap(double[,] values, bool integers)
    {
        if (values.Length == 0) throw new ArgumentException($"Heatmap: the matrix is {values.GetLength(0)}×{values.GetLength(1)}; it must not be empty.", nameof(values));
        (_values, _integers) = (values, integers);
    }

    /// <summary>
    /// A confusion matrix: rows are true classes, columns predicted ones, labelled by <paramref name="classNames"/>
    /// (default 0…K−1), titled, axes named "predicted" and "true".
    /// </summary>
    /// <exception cref="ArgumentException">The matrix is empty or not square.</exception>
    public static Heatmap ConfusionMatrix(int[,] counts, IReadOnlyList<string>? classNames = null, HeatmapNormalization normalization = HeatmapNormalization.None)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.GetLength(0) != counts.GetLength(1))
            throw new ArgumentException($"Heatmap.ConfusionMatrix: counts are {counts.GetLength(0)}×{counts.GetLength(1)}, expected square.", nameof(counts));
        return new Heatmap(counts)
        {
            Title = normalization == HeatmapNormalization.Rows ? "Confusion matrix (row-normalized)" : "Confusion matrix",
            XLabel = "predicted", YLabel = "true", RowLabels = classNames, ColumnLabels = classNames, Normalization = normalization,
        };
    }

    /// <summary>Rows of the matrix.</summary>
    public int Rows => _values.GetLength(0);

    /// <summary>Columns of the matrix.</summary>
    public int Columns => _values.GetLength(1);

    /// <summary>Labels of the rows, top to bottom (default 0…rows−1).</summary>
    public IReadOnlyList<string>? RowLabels { get; set; }

    /// <summary>Labels of the columns, left to right (default 0…columns−1).</summary>
    public IReadOnlyList<string>? ColumnLabels { get; set; }

    /// <summary>The label under the column labels, or null.</summary>
    public string? XLabel { get; set; }

    /// <summary>The label left of the row labels, or null.</summary>
    public string? YLabel { get; set; }

    /// <summary>How values are rescaled before colouring and printing (default none).</summary>
    public HeatmapNormalization Normalization { get; set; }

    /// <summary>Whether each cell shows its value (default true).</summary>
    public bool ShowValues { get; set; } = true;

    /// <summary>The .NET format of printed values, or null: "0" for counts, "0.00" otherwise.</summary>
    public string? ValueFormat { get; set; }

    /// <summary>The colour scale (default <see cref="Colormap.Blues"/>).</summary>
    public Colormap Colormap { get; set; } = Colormap.Blues;

    /// <summary>Whether a colour bar is drawn right of the matrix (default true).</summary>
    public bool ColorBar { get; set; } = true;

    /// <summary>
    /// The value at the low end of the colour scale, or null for the smallest (normalized) value — 0 for counts and
    /// normalized values, −max |value| with a diverging colour map.
    /// </summary>
    public double? ValueMin { get; set; }

    /// <summary>The value at the high end of the colour scale, or null for the largest (normalized) value.</summary>
    public double? ValueMax { get; set; }

    /// <summary>Side of a cell in px (default 40).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in [8, 200].</exception>
    public double CellSize
    {
        get => _cellSize;
        set
        {
            if (value is not (>= 8 and <= 200)) throw new ArgumentOutOfRangeException(nameof(CellSize), $"Heatmap: cell size {value} is not in [8, 200] px.");
            _cellSize = value;
        }
    }

    /// <summary>The values after <see cref="Normalization"/> (a sum of zero leaves zeros).</summary>
    public double[,] NormalizedValues()
    {
        var v = (double[,])_values.Clone();
        if (Normalization == HeatmapNormalization.None) return v;
        double total = 0;
        foreach (double x in _values) if (double.IsFinite(x)) total += x;
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
            {
                double sum = 0;
                if (Normalization == HeatmapNormalization.Rows) for (int k = 0; k < Columns; k++) sum += Finite(_values[r, k]);
                else if (Normalization == HeatmapNormalization.Columns) for (int k = 0; k < Rows; k++) sum += Finite(_values[k, c]);
                else sum = total;
                v[r, c] = sum == 0 ? 0 : _values[r, c] / sum;
            }
        return v;
    }

    internal override (double Width, double Height) Measure()
    {
        var l = Layout();
        return (l.Left + Columns * CellSize + l.BarSpace + Pad, l.Top + Rows * CellSize + l.BottomSpace + Pad);
    }

    internal override void Render(SvgBuilder svg)
    {
        var l = Layout();
        var v = NormalizedValues();
        var (lo, hi) = ColorRange(v);
        string format = ValueFormat ?? (_integers && Normalization == HeatmapNormalization.None ? "0" : "0.00");
        double width = Columns * CellSize, height = Rows * CellSize;

        svg.Start("g").Attr("class", "cells").Open();
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
            {
                double x = l.Left + c * CellSize, y = l.Top + r * CellSize;
                bool finite = double.IsFinite(v[r, c]);
                var color = finite ? Colormap.Map(hi > lo ? (v[r, c] - lo) / (hi - lo) : 0) : new Rgb(0xee, 0xee, 0xee);
                svg.Rect(x, y, CellSize, CellSize, color.Hex, cssClass: "cell");
                if (!ShowValues || !finite) continue;
                string text = v[r, c].ToString(format, System.Globalization.CultureInfo.InvariantCulture).Replace('-', '−');
                double size = Math.Min(Math.Min(12, CellSize * 0.34), (CellSize - 4) / Math.Max(TextMetrics.Width(text, 1), 1e-9));
                svg.Label(x + CellSize / 2, y + CellSize / 2, text, size, color: color.Luminance < 0.55 ? "#ffffff" : Theme.Text, middle: true, cssClass: "value");
            }
        svg.Close();
        svg.Start("rect").Attr("x", l.Left).Attr("y", l.Top).Attr("width", width).Attr("height", height).Attr("fill", "none").Attr("stroke", Theme.Axis).End();

        for (int r = 0; r < Rows; r++)
            svg.Label(l.Left - 6, l.Top + (r + 0.5) * CellSize, RowLabel(r), Theme.TickSize, "end", middle: true, cssClass: "row-label");
        double labelY = l.Top + height + 6 + Theme.TickSize * 0.8;
        for (int c = 0; c < Columns; c++)
        {
            double cx = l.Left + (c + 0.5) * CellSize;
            if (l.Rotate) svg.Label(cx + 3, labelY - 2, ColumnLabel(c), Theme.TickSize, "end", rotate: -45, cssClass: "column-label");
            else svg.Label(cx, labelY, ColumnLabel(c), Theme.TickSize, cssClass: "column-label");
        }
        if (!string.IsNullOrEmpty(XLabel)) svg.Label(l.Left + width / 2, l.Top + height + l.BottomSpace - 2, XLabel, Theme.LabelSize, cssClass: "xlabel");
        if (!string.IsNullOrEmpty(YLabel)) svg.Label(Pad + Theme.LabelSize * 0.8, l.Top + height / 2, YLabel, Theme.LabelSize, rotate: -90, cssClass: "ylabel");
        if (!string.IsNullOrEmpty(Title)) svg.Label(l.Left + width / 2, Pad + Theme.TitleSize * 0.8, Title, Theme.TitleSize, bold: true, cssClass: "title");
        if (ColorBar) RenderColorBar(svg, l.Left + width + 16, l.Top, height, lo, hi);
    }

    private void RenderColorBar(SvgBuilder svg, double x, double top, double height, double lo, double hi)
    {
        string id = svg.NewId("scale");
        svg.Start("linearGradient").Attr("id", id).Attr("x1", 0).Attr("y1", 1).Attr("x2", 0).Attr("y2", 0).Open();
        for (int i = 0; i <= 10; i++) svg.Start("stop").Attr("offset", i / 10.0).Attr("stop-color", Colormap.Hex(i / 10.0)).End();
        svg.Close();
        svg.Start("rect").Attr("class", "colorbar").Attr("x", x).Attr("y", top).Attr("width", BarWidth).Attr("height", height)
            .Attr("fill", $"url(#{id})").Attr("stroke", Theme.Axis).Attr("stroke-width", 0.5).End();
        if (!(hi > lo)) return;
        var ticks = BarTicks(lo, hi, height);
        var scale = new Scale(lo, hi, top + height, top, log: false);
        for (int i = 0; i < ticks.Values.Count; i++)
        {
            double py = scale.Map(ticks.Values[i]);
            svg.Line(x + BarWidth, py, x + BarWidth + 3, py, Theme.Axis);
            svg.Label(x + BarWidth + 6, py, ticks.Labels[i], Theme.SmallSize, "start", middle: true, cssClass: "colorbar-tick");
        }
    }

    private static TickSet BarTicks(double lo, double hi, double height) => Ticks.Within(lo, hi, Math.Clamp((int)(height / 40) + 1, 3, 8));

    private (double Left, double Top, double BottomSpace, double BarSpace, bool Rotate) Layout()
    {
        double rowWidth = Enumerable.Range(0, Rows).Select(r => TextMetrics.Width(RowLabel(r), Theme.TickSize)).Max();
        double colWidth = Enumerable.Range(0, Columns).Select(c => TextMetrics.Width(ColumnLabel(c), Theme.TickSize)).Max();
        bool rotate = colWidth > CellSize - 4;
        double left = Pad + (string.IsNullOrEmpty(YLabel) ? 0 : Theme.LabelSize + 10) + rowWidth + 6;
        double top = Pad + (string.IsNullOrEmpty(Title) ? 0 : Theme.TitleSize + 12);
        double bottom = 6 + (rotate ? colWidth * 0.71 + Theme.TickSize * 0.7 : Theme.TickSize) + (string.IsNullOrEmpty(XLabel) ? 0 : Theme.LabelSize + 10);
        double bar = 0;
        if (ColorBar)
        {
            var (lo, hi) = ColorRange(NormalizedValues());
            var labels = hi > lo ? BarTicks(lo, hi, Rows * CellSize).Labels : [];
            bar = 16 + BarWidth + 6 + labels.Select(l => TextMetrics.Width(l, Theme.SmallSize)).DefaultIfEmpty(0).Max();
        }
        return (left, top, bottom, bar, rotate);
    }

    private (double Min, double Max) ColorRange(double[,] v)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double x in v) if (double.IsFinite(x)) (lo, hi) = (Math.Min(lo, x), Math.Max(hi, x));
        if (!double.IsFinite(lo)) (lo, hi) = (0, 1);
        if (_integers || Normalization != HeatmapNormalization.None) lo = Math.Min(lo, 0);
        if (Colormap.IsDiverging) (lo, hi) = (-Math.Max(-lo, hi), Math.Max(-lo, hi));
        lo = ValueMin ?? lo;
        hi = ValueMax ?? hi;
        if (!double.IsFinite(lo) || !double.IsFinite(hi) || lo > hi)
            throw new ArgumentOutOfRangeException(nameof(ValueMin), $"Heatmap: colour range [{lo}, {hi}] must be finite and increasing.");
        return (lo, hi);
    }

    private string RowLabel(int r) => RowLabels is not null && r < RowLabels.Count ? RowLabels[r] : r.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string ColumnLabel(int c) => ColumnLabels is not null && c < ColumnLabels.Count ? ColumnLabels[c] : c.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static double Finite(double v) => double.IsFinite(v) ? v : 0;

    private static double[,] Copy<T>(T[,] values, Func<T, double> convert)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new double[values.GetLength(0), values.GetLength(1)];
        for (int r = 0; r < values.GetLength(0); r++)
            for (int c = 0; c < values.GetLength(1); c++) result[r, c] = convert(values[r, c]);
        return result;
    }

    /// <inheritdoc />
    public override string ToString() => $"Heatmap({Rows}×{Columns}{(Normalization == HeatmapNormalization.None ? "" : $", {Normalization} normalized")})";
}
