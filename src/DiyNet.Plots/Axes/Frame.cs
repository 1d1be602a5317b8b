using DiyNet.Plots.Style;
using DiyNet.Plots.Svg;

namespace DiyNet.Plots.Axes;

/// <summary>
/// The plot rectangle of a chart with its two axes: computes margins from the title, axis labels and tick labels
/// (so nothing overlaps), then draws the grid under the data and the axes, ticks and labels over it.
/// </summary>
internal sealed class Frame
{
    private const double Pad = 10;

    private Frame(double width, double height) => (Width, Height) = (width, height);

    public double Width { get; }
    public double Height { get; }
    public double Left { get; private set; }
    public double Top { get; private set; }
    public double Right { get; private set; }
    public double Bottom { get; private set; }
    public double PlotWidth => Right - Left;
    public double PlotHeight => Bottom - Top;
    public Scale X { get; private set; } = null!;
    public Scale Y { get; private set; } = null!;
    public TickSet XTicks { get; private set; } = null!;
    public TickSet YTicks { get; private set; } = null!;
    public string? Title { get; private init; }
    public string? XLabel { get; private init; }
    public string? YLabel { get; private init; }
    public bool VerticalGrid { get; private init; }
    private double XLabelAngle { get; set; }

    /// <summary>
    /// Lays out a chart of <paramref name="width"/> × <paramref name="height"/> px. The x axis is either numeric
    /// (<paramref name="x"/>) or categorical (<paramref name="categories"/>, at positions 0…n−1).
    /// <paramref name="extraRight"/> and <paramref name="extraTop"/> reserve room right of and above the plot (an outside legend).
    /// </summary>
    public static Frame Layout(double width, double height, string? title, string? xLabel, string? yLabel,
        AxisRange? x, IReadOnlyList<string>? categories, AxisRange y, double extraRight = 0, double extraTop = 0, bool verticalGrid = true)
    {
        var f = new Frame(width, height) { Title = title, XLabel = xLabel, YLabel = yLabel, VerticalGrid = verticalGrid };
        double extraBottom = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            f.Top = Pad + (string.IsNullOrEmpty(title) ? 4 : Theme.TitleSize + 12) + extraTop;
            f.Bottom = height - Pad - Theme.TickLength - 4 - Theme.TickSize - extraBottom
                - (string.IsNullOrEmpty(xLabel) ? 0 : Theme.LabelSize + 8);
            f.YTicks = y.Ticks(Math.Clamp((int)(f.PlotHeight / 42) + 1, 3, 10));
            double yLabelWidth = f.YTicks.Labels.Select(l => TextMetrics.Width(l, Theme.TickSize)).DefaultIfEmpty(0).Max();
            f.Left = Pad + (string.IsNullOrEmpty(yLabel) ? 0 : Theme.LabelSize + 10) + yLabelWidth + Theme.TickLength + 5;
            f.Right = width - Pad - 8 - extraRight;
            f.Y = new Scale(f.YTicks.Min, f.YTicks.Max, f.Bottom, f.Top, y.Log);
            if (categories is not null)
            {
                int n = Math.Max(categories.Count, 1);
                f.XTicks = new TickSet(-0.5, n - 0.5, Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(), categories, []);
                double widest = categories.Select(c => TextMetrics.Width(c, Theme.TickSize)).DefaultIfEmpty(0).Max();
                double slot = f.PlotWidth / n;
                f.XLabelAngle = widest > slot - 6 ? -35 : 0;
                double needed = f.XLabelAngle == 0 ? 0 : widest * Math.Sin(35 * Math.PI / 180) - Theme.TickSize * 0.3;
                if (needed > extraBottom + 0.5) { extraBottom = needed; continue; }
            }
            else
            {
                var xr = x ?? throw new ArgumentNullException(nameof(x));
                var t = xr.Ticks(2);
                for (int maxTicks = Math.Clamp((int)(f.PlotWidth / 70) + 1, 3, 11); maxTicks >= 2; maxTicks--)
                {
                    t = xr.Ticks(maxTicks);
                    if (Fits(t, f.PlotWidth, xr.Log)) break;
                }
                f.XTicks = t;
                double last = t.Labels.Count == 0 ? 0 : TextMetrics.Width(t.Labels[^1], Theme.TickSize) / 2;
                f.Right = Math.Min(f.Right, width - extraRight - Math.Max(last + 4, Pad + 8));
            }
            break;
        }
        f.X = new Scale(f.XTicks.Min, f.XTicks.Max, f.Left, f.Right, x?.Log ?? false);
        return f;
    }

    /// <summary>Grid lines, drawn under the data.</summary>
    public void RenderGrid(SvgBuilder svg)
    {
        svg.Start("g").Attr("class", "grid").Attr("stroke-width", 1).Open();
        foreach (double v in YTicks.Minor) svg.Line(Left, Snap(Y.Map(v)), Right, Snap(Y.Map(v)), Theme.MinorGrid);
        if (VerticalGrid) foreach (double v in XTicks.Minor) svg.Line(Snap(X.Map(v)), Top, Snap(X.Map(v)), Bottom, Theme.MinorGrid);
        foreach (double v in YTicks.Values) svg.Line(Left, Snap(Y.Map(v)), Right, Snap(Y.Map(v)), Theme.Grid);
        if (VerticalGrid) foreach (double v in XTicks.Values) svg.Line(Snap(X.Map(v)), Top, Snap(X.Map(v)), Bottom, Theme.Grid);
        svg.Close();
    }

    /// <summary>Axis lines, ticks, tick labels, axis labels and the title, drawn over the data.</summary>
    public void RenderAxes(SvgBuilder svg)
    {
        svg.Start("g").Attr("class", "axes").Open();
        svg.Line(Left, Snap(Bottom), Right, Snap(Bottom), Theme.Axis);
        svg.Line(Snap(Left), Top, Snap(Left), Bottom, Theme.Axis);
        for (int i = 0; i < YTicks.Values.Count; i++)
        {
            double py = Snap(Y.Map(YTicks.Values[i]));
            svg.Line(Left - Theme.TickLength, py, Left, py, Theme.Axis);
            svg.Label(Left - Theme.TickLength - 4, py, YTicks.Labels[i], Theme.TickSize, "end", middle: true, cssClass: "ytick");
        }
        double labelY = Bottom + Theme.TickLength + 4 + Theme.TickSize * 0.8;
        for (int i = 0; i < XTicks.Values.Count; i++)
        {
            double px = Snap(X.Map(XTicks.Values[i]));
            svg.Line(px, Bottom, px, Bottom + Theme.TickLength, Theme.Axis);
            if (XLabelAngle == 0) svg.Label(px, labelY, XTicks.Labels[i], Theme.TickSize, cssClass: "xtick");
            else svg.Label(px + 3, labelY - 2, XTicks.Labels[i], Theme.TickSize, "end", rotate: XLabelAngle, cssClass: "xtick");
        }
        double cx = (Left + Right) / 2, cy = (Top + Bottom) / 2;
        if (!string.IsNullOrEmpty(XLabel)) svg.Label(cx, Height - Pad - 2, XLabel, Theme.LabelSize, cssClass: "xlabel");
        if (!string.IsNullOrEmpty(YLabel)) svg.Label(Pad + Theme.LabelSize * 0.8, cy, YLabel, Theme.LabelSize, rotate: -90, cssClass: "ylabel");
        if (!string.IsNullOrEmpty(Title)) svg.Label(cx, Pad + Theme.TitleSize * 0.8, Title, Theme.TitleSize, bold: true, cssClass: "title");
        svg.Close();
    }

    /// <summary>A clip path for the plot rectangle; returns its id.</summary>
    public string Clip(SvgBuilder svg) => svg.ClipRect(Left, Top, PlotWidth, PlotHeight);

    /// <summary>Centres a 1-px line on a pixel so that it renders crisp.</summary>
    private static double Snap(double v) => Math.Round(v - 0.5) + 0.5;

    private static bool Fits(TickSet t, double plotWidth, bool log)
    {
        if (t.Values.Count < 2) return true;
        var s = new Scale(t.Min, t.Max, 0, plotWidth, log);
        for (int i = 1; i < t.Values.Count; i++)
        {
            double gap = s.Map(t.Values[i]) - s.Map(t.Values[i - 1]);
            double need = (TextMetrics.Width(t.Labels[i], Theme.TickSize) + TextMetrics.Width(t.Labels[i - 1], Theme.TickSize)) / 2 + 10;
            if (gap < need) return false;
        }
        return true;
    }
}
