using System.Numerics;
using DiyNet.Plots.Axes;
using DiyNet.Plots.Style;
using DiyNet.Plots.Svg;

namespace DiyNet.Plots;

/// <summary>
/// Curves y = f(x), one per named series (loss and accuracy per epoch…), with a legend, nice 1-2-5 ticks and an
/// optional log₁₀ y axis. Points that cannot be drawn (NaN, ±∞, ≤ 0 on a log axis) are skipped: the line breaks there.
/// </summary>
/// <example><code>
/// new LineChart { Title = "Loss", XLabel = "epoch", YLabel = "MSE", LogY = true }
///     .Add("train", epochs, trainLoss).Add("test", epochs, testLoss).Save("out/loss.svg");
/// </code></example>
public sealed class LineChart : Chart
{
    private readonly List<Series> _series = [];

    private sealed record Series(string Name, double[] X, double[] Y, string Color, bool Dashed);

    /// <summary>Whether the y axis is log₁₀ (loss curves spanning decades).</summary>
    public bool LogY { get; set; }

    /// <summary>Whether the x axis is log₁₀ (learning-rate sweeps).</summary>
    public bool LogX { get; set; }

    /// <summary>Whether each point also gets a dot.</summary>
    public bool Markers { get; set; }

    /// <summary>Fixed lower x bound, or null to fit the data.</summary>
    public double? XMin { get; set; }

    /// <summary>Fixed upper x bound, or null to fit the data.</summary>
    public double? XMax { get; set; }

    /// <summary>Fixed lower y bound, or null to fit the data.</summary>
    public double? YMin { get; set; }

    /// <summary>Fixed upper y bound, or null to fit the data.</summary>
    public double? YMax { get; set; }

    /// <summary>The number of series added.</summary>
    public int SeriesCount => _series.Count;

    /// <summary>Extra y values the axis must include (set by a <see cref="FigureGrid"/> sharing its y axes).</summary>
    internal (double Min, double Max)? SharedY { get; set; }

    /// <summary>Adds the series (x[i], y[i]); its colour is the next palette colour unless <paramref name="color"/> (#rrggbb) is given.</summary>
    /// <param name="name">Legend label.</param>
    /// <param name="x">Abscissae.</param>
    /// <param name="y">Ordinates, as many as <paramref name="x"/>.</param>
    /// <param name="color">Colour as #rrggbb, or null for the palette.</param>
    /// <param name="dashed">Whether to draw the line dashed (e.g. test curves beside solid train curves of the same colour).</param>
    /// <exception cref="ArgumentException">x and y differ in length, or the colour is not #rrggbb.</exception>
    public LineChart Add<TX, TY>(string name, IEnumerable<TX> x, IEnumerable<TY> y, string? color = null, bool dashed = false)
        where TX : INumberBase<TX> where TY : INumberBase<TY>
    {
        ArgumentNullException.ThrowIfNull(name);
        double[] xs = Numbers.ToDoubles(x), ys = Numbers.ToDoubles(y);
        if (xs.Length != ys.Length)
            throw new ArgumentException($"LineChart.Add(\"{name}\"): x has {xs.Length} values, y has {ys.Length}.", nameof(y));
        if (color is not null) Rgb.Parse(color);
        _series.Add(new Series(name, xs, ys, color ?? Palette.Color(_series.Count), dashed));
        return this;
    }

    /// <summary>Adds the series (i, y[i]) for i = 1…n — a history with one value per epoch.</summary>
    /// <exception cref="ArgumentException">The colour is not #rrggbb.</exception>
    public LineChart Add<TY>(string name, IEnumerable<TY> y, string? color = null, bool dashed = false) where TY : INumberBase<TY>
    {
        double[] ys = Numbers.ToDoubles(y);
        return Add(name, Enumerable.Range(1, ys.Length), ys, color, dashed);
    }

    /// <summary>The range of the drawable y values (for shared axes), or null when there are none.</summary>
    internal (double Min, double Max)? YDataRange()
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var s in _series)
            for (int i = 0; i < s.Y.Length; i++)
                if (Drawable(s.X[i], LogX) && Drawable(s.Y[i], LogY)) (lo, hi) = (Math.Min(lo, s.Y[i]), Math.Max(hi, s.Y[i]));
        return lo <= hi ? (lo, hi) : null;
    }

    internal override void Render(SvgBuilder svg)
    {
        var x = new AxisRange { Log = LogX, FixedMin = XMin, FixedMax = XMax, Name = "LineChart x", IntegerSteps = true };
        var y = new AxisRange { Log = LogY, FixedMin = YMin, FixedMax = YMax, Name = "LineChart y" };
        foreach (var s in _series)
            for (int i = 0; i < s.X.Length; i++)
                if (Drawable(s.X[i], LogX) && Drawable(s.Y[i], LogY)) { x.Include(s.X[i]); y.Include(s.Y[i]); }
        if (SharedY is { } shared) { y.Include(shared.Min); y.Include(shared.Max); }

        var legend = new LegendBox();
        foreach (var s in _series) legend.Add(s.Name, s.Color, LegendBox.Symbol.Line, s.Dashed, Markers);
        var (frame, spot) = legend.Arrange(Legend, (right, top) => Frame.Layout(Width, Height, Title, XLabel, YLabel, x, null, y, right, top), Samples);

        frame.RenderGrid(svg);
        string clip = frame.Clip(svg);
        svg.Start("g").Attr("clip-path", $"url(#{clip})").Attr("fill", "none").Attr("stroke-linejoin", "round").Attr("stroke-linecap", "round").Open();
        foreach (var s in _series) RenderSeries(svg, frame, s);
        svg.Close();
        frame.RenderAxes(svg);
        if (spot is { } at) legend.Render(svg, at.X, at.Y);
    }

    private void RenderSeries(SvgBuilder svg, Frame frame, Series s)
    {
        var line = new PathData();
        var dots = new PathData();
        var run = new List<(double X, double Y)>();
        for (int i = 0; i <= s.X.Length; i++)
        {
            if (i < s.X.Length && frame.X.Accepts(s.X[i]) && frame.Y.Accepts(s.Y[i]))
            {
                run.Add((Px(frame.X, s.X[i]), Px(frame.Y, s.Y[i])));
                continue;
            }
            // End of a run of drawable points: a polyline, or a dot for a point with no neighbour.
            if (run.Count > 1) foreach (var p in run) line.LineTo(p.X, p.Y);
            line.Break();
            if (Markers || run.Count == 1) foreach (var p in run) dots.Dot(p.X, p.Y);
            run.Clear();
        }
        if (!line.IsEmpty)
        {
            svg.Start("path").Attr("class", "series").Attr("d", line.ToString()).Attr("stroke", s.Color).Attr("stroke-width", Theme.LineWidth);
            if (s.Dashed) svg.Attr("stroke-dasharray", "6 3");
            svg.End();
        }
        if (!dots.IsEmpty)
            svg.Start("path").Attr("class", "markers").Attr("d", dots.ToString()).Attr("stroke", s.Color).Attr("stroke-width", 6).End();
    }

    /// <summary>Pixel positions along every curve, every few px, to find a legend corner free of data.</summary>
    private IEnumerable<(double X, double Y)> Samples(Frame frame)
    {
        foreach (var s in _series)
        {
            (double X, double Y)? prev = null;
            for (int i = 0; i < s.X.Length; i++)
            {
                if (!frame.X.Accepts(s.X[i]) || !frame.Y.Accepts(s.Y[i])) { prev = null; continue; }
                var p = (X: Px(frame.X, s.X[i]), Y: Px(frame.Y, s.Y[i]));
                if (prev is { } q)
                {
                    int steps = (int)Math.Min(200, Math.Ceiling(Math.Max(Math.Abs(p.X - q.X), Math.Abs(p.Y - q.Y)) / 4));
                    for (int k = 1; k < steps; k++) yield return (q.X + (p.X - q.X) * k / steps, q.Y + (p.Y - q.Y) * k / steps);
                }
                yield return p;
                prev = p;
            }
        }
    }

    private static bool Drawable(double v, bool log) => double.IsFinite(v) && (!log || v > 0);

    /// <summary>Maps to px, clamped far outside the plot so that wild values stay finite (they are clipped anyway).</summary>
    private static double Px(Scale scale, double v) => Math.Clamp(scale.Map(v), -1e6, 1e6);

    /// <inheritdoc />
    public override string ToString() => $"LineChart({_series.Count} series{(LogY ? ", log y" : "")}{(Title is null ? "" : $", \"{Title}\"")})";
}
