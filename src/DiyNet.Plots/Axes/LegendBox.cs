using DiyNet.Plots.Style;
using DiyNet.Plots.Svg;

namespace DiyNet.Plots.Axes;

/// <summary>A legend box: one row per entry, a symbol (line, dot or box) then the label.</summary>
internal sealed class LegendBox
{
    private const double Row = 19, Padding = 8, Swatch = 24, Gap = 6;
    private readonly List<Entry> _entries = [];

    public enum Symbol { Line, Dot, Box }

    private sealed record Entry(string Label, string Color, Symbol Symbol, bool Dashed, bool Marker);

    public int Count => _entries.Count;

    /// <summary>Whether the entries go in one row (a legend above the plot) instead of one column.</summary>
    public bool Horizontal { get; set; }

    public void Add(string label, string color, Symbol symbol, bool dashed = false, bool marker = false) =>
        _entries.Add(new Entry(label, color, symbol, dashed, marker));

    /// <summary>Width and height of the box in px.</summary>
    public (double Width, double Height) Size
    {
        get
        {
            if (Horizontal) return (2 * Padding + _entries.Sum(EntryWidth) - Padding, 2 * Padding - 4 + Row);
            double text = _entries.Select(e => TextMetrics.Width(e.Label, Theme.TickSize)).DefaultIfEmpty(0).Max();
            return (2 * Padding + Swatch + Gap + text, 2 * Padding - 4 + Row * _entries.Count);
        }
    }

    /// <summary>Draws the box with its top-left corner at (x, y).</summary>
    public void Render(SvgBuilder svg, double x, double y)
    {
        var (w, h) = Size;
        svg.Start("g").Attr("class", "legend").Open();
        svg.Start("rect").Attr("x", x).Attr("y", y).Attr("width", w).Attr("height", h).Attr("rx", 3)
            .Attr("fill", Theme.Background).Attr("fill-opacity", 0.88).Attr("stroke", Theme.LegendBorder).End();
        double sx = x + Padding;
        for (int i = 0; i < _entries.Count; i++)
        {
            var e = _entries[i];
            double cy = y + Padding - 2 + Row * ((Horizontal ? 0 : i) + 0.5);
            if (i > 0) sx = Horizontal ? sx + EntryWidth(_entries[i - 1]) : x + Padding;
            switch (e.Symbol)
            {
                case Symbol.Line:
                    svg.Start("line").Attr("x1", sx).Attr("y1", cy).Attr("x2", sx + Swatch).Attr("y2", cy)
                        .Attr("stroke", e.Color).Attr("stroke-width", Theme.LineWidth + 0.4);
                    if (e.Dashed) svg.Attr("stroke-dasharray", "6 3");
                    svg.End();
                    if (e.Marker) svg.Start("circle").Attr("cx", sx + Swatch / 2).Attr("cy", cy).Attr("r", 3).Attr("fill", e.Color).End();
                    break;
                case Symbol.Dot:
                    svg.Start("circle").Attr("cx", sx + Swatch / 2).Attr("cy", cy).Attr("r", 4.5).Attr("fill", e.Color).End();
                    break;
                default:
                    svg.Rect(sx + Swatch / 2 - 6, cy - 6, 12, 12, e.Color);
                    break;
            }
            svg.Label(sx + Swatch + Gap, cy, e.Label, Theme.TickSize, "start", middle: true, cssClass: "legend-entry");
        }
        svg.Close();
    }

    private static double EntryWidth(Entry e) => Swatch + Gap + TextMetrics.Width(e.Label, Theme.TickSize) + 2 * Padding;

    /// <summary>
    /// Lays out a chart with this legend: inside (a fixed corner, or for Auto the first corner free of data), or
    /// outside — right of the plot, or above it in one row (<see cref="LegendPosition.Top"/>, and Auto when
    /// <paramref name="preferTop"/> and the row fits). <paramref name="layout"/>(extraRight, extraTop) builds the
    /// frame; <paramref name="data"/> lists the data's pixels in a frame. Returns the frame and the legend's
    /// top-left corner (null: no legend).
    /// </summary>
    public (Frame Frame, (double X, double Y)? Spot) Arrange(LegendPosition position, Func<double, double, Frame> layout,
        Func<Frame, IEnumerable<(double X, double Y)>> data, bool preferTop = false)
    {
        var frame = layout(0, 0);
        if (position == LegendPosition.None || Count == 0) return (frame, null);
        if (position != LegendPosition.Top && PlaceInside(frame, position, data(frame)) is { } inside) return (frame, inside);
        Horizontal = position == LegendPosition.Top || preferTop;
        if (Horizontal && Size.Width <= frame.Width - 20)
        {
            var (w, h) = Size;
            frame = layout(0, h + 4);
            return (frame, (Math.Clamp((frame.Left + frame.Right - w) / 2, 10, frame.Width - 10 - w), frame.Top - h - 8));
        }
        Horizontal = false;
        frame = layout(OutsideWidth, 0);
        return (frame, (frame.Right + 14, frame.Top));
    }

    /// <summary>
    /// Chooses where the legend goes inside <paramref name="frame"/> (top-left corner of the box), or null when it
    /// must go outside: for Auto, the first corner (TR, TL, BR, BL) whose box holds none of <paramref name="data"/>
    /// (data points in px).
    /// </summary>
    private (double X, double Y)? PlaceInside(Frame frame, LegendPosition position, IEnumerable<(double X, double Y)> data)
    {
        var (w, h) = Size;
        const double inset = 8;
        (double X, double Y) Corner(LegendPosition p) => p switch
        {
            LegendPosition.TopLeft => (frame.Left + inset, frame.Top + inset),
            LegendPosition.BottomRight => (frame.Right - inset - w, frame.Bottom - inset - h),
            LegendPosition.BottomLeft => (frame.Left + inset, frame.Bottom - inset - h),
            _ => (frame.Right - inset - w, frame.Top + inset),
        };
        if (position is not LegendPosition.Auto) return position is LegendPosition.Outside or LegendPosition.Top ? null : Corner(position);
        if (w > frame.PlotWidth * 0.6 || h > frame.PlotHeight * 0.8) return null;
        LegendPosition[] order = [LegendPosition.TopRight, LegendPosition.TopLeft, LegendPosition.BottomRight, LegendPosition.BottomLeft];
        var counts = new int[order.Length];
        var corners = order.Select(Corner).ToArray();
        foreach (var (px, py) in data)
            for (int c = 0; c < corners.Length; c++)
                if (px >= corners[c].X - 4 && px <= corners[c].X + w + 4 && py >= corners[c].Y - 4 && py <= corners[c].Y + h + 4) counts[c]++;
        int free = Array.IndexOf(counts, 0);
        return free < 0 ? null : corners[free];
    }

    private double OutsideWidth => Size.Width + 14;
}
