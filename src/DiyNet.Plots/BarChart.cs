using System.Globalization;
using System.Numerics;
using DiyNet.Plots.Axes;
using DiyNet.Plots.Style;
using DiyNet.Plots.Svg;

namespace DiyNet.Plots;

/// <summary>
/// Grouped bars: one group per category, one bar per series in each group (purity per cluster for raw pixels vs
/// latent codes; accuracy per configuration), the value written on each bar, optional error bars (± one value).
/// </summary>
/// <example><code>
/// new BarChart { Title = "Cluster purity", YLabel = "purity", Categories = ["0", "1", "2"] }
///     .Add("raw pixels", rawPurity).Add("latent codes", latentPurity).Save("out/purity.svg");
/// </code></example>
public sealed class BarChart : Chart
{
    private readonly List<(string Name, double[] Values, double[]? Errors, string Color)> _series = [];

    /// <summary>The group labels along x (default 1…n).</summary>
    public IReadOnlyList<string>? Categories { get; set; }

    /// <summary>Whether each bar shows its value (default true).</summary>
    public bool ShowValues { get; set; } = true;

    /// <summary>
    /// The .NET format of the value labels, or null (default) for one fixed number of decimals giving about three
    /// significant digits to the largest value ("0.84", "93.2", "989"), none when every value is an integer.
    /// </summary>
    public string? ValueFormat { get; set; }

    /// <summary>Fixed lower y bound, or null (0, or below the most negative bar).</summary>
    public double? YMin { get; set; }

    /// <summary>Fixed upper y bound, or null (above the highest bar and its label).</summary>
    public double? YMax { get; set; }

    /// <summary>The number of series added.</summary>
    public int SeriesCount => _series.Count;

    /// <summary>
    /// Adds a series: one value per category (NaN leaves a gap), with optional half-widths of error bars
    /// (standard deviations over folds, say).
    /// </summary>
    /// <exception cref="ArgumentException">The series length differs from an earlier series or from the errors.</exception>
    public BarChart Add<T>(string name, IEnumerable<T> values, IEnumerable<T>? errors = null, string? color = null) where T : INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(name);
        double[] v = Numbers.ToDoubles(values);
        double[]? e = errors is null ? null : Numbers.ToDoubles(errors);
        if (_series.Count > 0 && _series[0].Values.Length != v.Length)
            throw new ArgumentException($"BarChart.Add(\"{name}\"): {v.Length} values, but \"{_series[0].Name}\" has {_series[0].Values.Length}.", nameof(values));
        if (e is not null && e.Length != v.Length)
            throw new ArgumentException($"BarChart.Add(\"{name}\"): {e.Length} errors for {v.Length} values.", nameof(errors));
        if (color is not null) Rgb.Parse(color);
        _series.Add((name, v, e, color ?? Palette.Color(_series.Count)));
        return this;
    }

    internal override void Render(SvgBuilder svg)
    {
        int n = _series.Count == 0 ? 0 : _series[0].Values.Length;
        if (Categories is not null && _series.Count > 0 && Categories.Count != n)
            throw new ArgumentException($"BarChart: {Categories.Count} categories for {n} values per series.");
        var categories = Categories ?? Enumerable.Range(1, n).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

        var y = new AxisRange { FixedMin = YMin, FixedMax = YMax, Name = "BarChart y" };
        double lo = 0, hi = 0;
        foreach (var s in _series)
            for (int i = 0; i < n; i++)
            {
                double v = s.Values[i], e = s.Errors is null || !double.IsFinite(s.Errors[i]) ? 0 : Math.Abs(s.Errors[i]);
                if (!double.IsFinite(v)) continue;
                (lo, hi) = (Math.Min(lo, v - e), Math.Max(hi, v + e));
            }
        double headroom = ShowValues ? (hi - lo) * 0.09 : 0;
        y.Include(lo < 0 ? lo - headroom : lo);
        y.Include(hi > 0 ? hi + headroom : hi);

        var legend = new LegendBox();
        if (_series.Count > 1) foreach (var s in _series) legend.Add(s.Name, s.Color, LegendBox.Symbol.Box); // one series: the title says it
        var (frame, spot) = legend.Arrange(Legend,
            (right, top) => Frame.Layout(Width, Height, Title, XLabel, YLabel, null, categories, y, right, top, verticalGrid: false),
            f => BarTops(f, n), preferTop: true);

        frame.RenderGrid(svg);
        double slot = frame.PlotWidth / Math.Max(n, 1), group = slot * 0.8, bar = group / Math.Max(_series.Count, 1);
        double zero = frame.Y.Map(Math.Clamp(0, frame.Y.Min, frame.Y.Max));
        string clip = frame.Clip(svg);
        svg.Start("g").Attr("clip-path", $"url(#{clip})").Open();
        for (int s = 0; s < _series.Count; s++)
        {
            var (_, values, errors, color) = _series[s];
            svg.Start("g").Attr("class", "bars").Attr("fill", color).Open();
            for (int i = 0; i < n; i++)
            {
                if (!double.IsFinite(values[i])) continue;
                double x = frame.Left + i * slot + (slot - group) / 2 + s * bar, top = frame.Y.Map(values[i]);
                svg.Start("rect").Attr("class", "bar").Attr("x", x + 0.5).Attr("y", Math.Min(top, zero)).Attr("width", Math.Max(bar - 1, 0.5))
                    .Attr("height", Math.Abs(zero - top)).End();
            }
            svg.Close();
            if (errors is not null) RenderErrors(svg, frame, values, errors, i => frame.Left + i * slot + (slot - group) / 2 + (s + 0.5) * bar, bar);
        }
        svg.Close();
        if (frame.Y.Min < 0) svg.Line(frame.Left, zero, frame.Right, zero, Theme.Axis);
        if (ShowValues) RenderValues(svg, frame, n, slot, group, bar);
        frame.RenderAxes(svg);
        if (spot is { } at) legend.Render(svg, at.X, at.Y);
    }

    private static void RenderErrors(SvgBuilder svg, Frame frame, double[] values, double[] errors, Func<int, double> center, double bar)
    {
        var path = new PathData();
        double cap = Math.Min(bar * 0.25, 6);
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]) || !double.IsFinite(errors[i]) || errors[i] == 0) continue;
            double cx = center(i), a = frame.Y.Map(values[i] - Math.Abs(errors[i])), b = frame.Y.Map(values[i] + Math.Abs(errors[i]));
            path.MoveTo(cx, a).LineTo(cx, b).MoveTo(cx - cap, a).LineTo(cx + cap, a).MoveTo(cx - cap, b).LineTo(cx + cap, b);
        }
        if (!path.IsEmpty) svg.Start("path").Attr("class", "error-bars").Attr("d", path.ToString()).Attr("stroke", Theme.Axis).Attr("stroke-width", 1.2).Attr("fill", "none").End();
    }

    private void RenderValues(SvgBuilder svg, Frame frame, int n, double slot, double group, double bar)
    {
        var labels = ValueLabels(n);
        bool rotate = RotateValues(labels, bar);
        svg.Start("g").Attr("class", "values").Attr("font-size", Theme.SmallSize).Attr("fill", Theme.MutedText).Open();
        foreach (var (s, i, text) in labels)
        {
            if (text is null) continue;
            double v = _series[s].Values[i];
            if (v < frame.Y.Min || v > frame.Y.Max) continue;
            double cx = frame.Left + i * slot + (slot - group) / 2 + (s + 0.5) * bar;
            double e = _series[s].Errors is { } errs && double.IsFinite(errs[i]) ? Math.Abs(errs[i]) : 0;
            double end = frame.Y.Map(Math.Clamp(v >= 0 ? v + e : v - e, frame.Y.Min, frame.Y.Max));
            svg.Start("text").Attr("class", "value");
            if (!rotate) svg.Attr("x", cx).Attr("y", v >= 0 ? end - 4 : end + 4 + Theme.SmallSize * 0.8).Attr("text-anchor", "middle");
            else
            {
                double y = v >= 0 ? end - 4 : end + 4;
                svg.Attr("x", cx).Attr("y", y).Attr("dy", "0.35em").Attr("text-anchor", v >= 0 ? "start" : "end")
                    .Attr("transform", $"rotate(-90 {SvgBuilder.Number(cx)} {SvgBuilder.Number(y)})");
            }
            svg.Text(text);
        }
        svg.Close();
    }

    /// <summary>Whether value labels go vertical: when any is wider than its bar (all turn, for a uniform look).</summary>
    private static bool RotateValues(List<(int Series, int Index, string? Text)> labels, double bar) =>
        labels.Any(l => l.Text is not null && TextMetrics.Width(l.Text, Theme.SmallSize) > bar - 3);

    /// <summary>The value label of every bar (null for a gap), formatted with <see cref="ValueFormat"/> or one shared number of decimals.</summary>
    private List<(int Series, int Index, string? Text)> ValueLabels(int n)
    {
        var finite = _series.SelectMany(s => s.Values).Where(double.IsFinite).ToArray();
        double maxAbs = finite.Select(Math.Abs).DefaultIfEmpty(0).Max();
        int exponent = maxAbs > 0 ? (int)Math.Floor(Math.Log10(maxAbs)) : 0;
        int decimals = finite.All(v => v == Math.Round(v)) ? 0 : Math.Clamp(maxAbs >= 1 ? 2 - exponent : 1 - exponent, 0, 6);
        string format = ValueFormat ?? "F" + decimals.ToString(CultureInfo.InvariantCulture);
        var labels = new List<(int, int, string?)>();
        for (int s = 0; s < _series.Count; s++)
            for (int i = 0; i < n; i++)
            {
                double v = _series[s].Values[i];
                labels.Add((s, i, double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture).Replace('-', '−') : null));
            }
        return labels;
    }

    /// <summary>Pixels covered by the bars and their value labels, to find a legend corner free of data.</summary>
    private IEnumerable<(double X, double Y)> BarTops(Frame frame, int n)
    {
        double slot = frame.PlotWidth / Math.Max(n, 1), group = slot * 0.8, bar = group / Math.Max(_series.Count, 1);
        double zero = frame.Y.Map(Math.Clamp(0, frame.Y.Min, frame.Y.Max));
        var labels = ShowValues ? ValueLabels(n) : [];
        bool rotate = RotateValues(labels, bar);
        foreach (var (s, i, text) in ShowValues ? labels : Enumerable.Range(0, _series.Count * n).Select(k => (k / n, k % n, (string?)null)))
        {
            double v = _series[s].Values[i];
            if (!double.IsFinite(v)) continue;
            double label = text is null ? 0 : rotate ? TextMetrics.Width(text, Theme.SmallSize) + 6 : Theme.SmallSize + 6;
            double x0 = frame.Left + i * slot + (slot - group) / 2 + s * bar, end = frame.Y.Map(Math.Clamp(v, frame.Y.Min, frame.Y.Max));
            end += v >= 0 ? -label : label;
            for (double px = x0; px <= x0 + bar; px += 4)
                for (double py = Math.Min(end, zero); py <= Math.Max(end, zero); py += 4) yield return (px, py);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"BarChart({_series.Count} series × {(_series.Count == 0 ? 0 : _series[0].Values.Length)} categories)";
}
