using DiyNet.Plots.Style;

namespace DiyNet.Plots.Svg;

/// <summary>The few shapes every figure draws, on top of <see cref="SvgBuilder"/>.</summary>
internal static class SvgShapes
{
    /// <summary>A text label; <paramref name="anchor"/> is start, middle or end; vertically centred on y when <paramref name="middle"/>.</summary>
    public static void Label(this SvgBuilder svg, double x, double y, string text, double size, string anchor = "middle",
        string color = Theme.Text, bool bold = false, double rotate = 0, bool middle = false, string? cssClass = null)
    {
        svg.Start("text").Attr("x", x).Attr("y", y);
        if (middle) svg.Attr("dy", "0.35em");
        if (anchor != "start") svg.Attr("text-anchor", anchor);
        if (size != Theme.TickSize) svg.Attr("font-size", size);
        if (color != Theme.Text) svg.Attr("fill", color);
        if (bold) svg.Attr("font-weight", "bold");
        if (rotate != 0) svg.Attr("transform", $"rotate({SvgBuilder.Number(rotate)} {SvgBuilder.Number(x)} {SvgBuilder.Number(y)})");
        if (cssClass is not null) svg.Attr("class", cssClass);
        svg.Text(text);
    }

    /// <summary>A horizontal or vertical line segment.</summary>
    public static void Line(this SvgBuilder svg, double x1, double y1, double x2, double y2, string color, double width = 1)
    {
        svg.Start("line").Attr("x1", x1).Attr("y1", y1).Attr("x2", x2).Attr("y2", y2).Attr("stroke", color);
        if (width != 1) svg.Attr("stroke-width", width);
        svg.End();
    }

    /// <summary>A filled rectangle, optionally stroked.</summary>
    public static void Rect(this SvgBuilder svg, double x, double y, double w, double h, string fill, string? stroke = null, string? cssClass = null)
    {
        svg.Start("rect").Attr("x", x).Attr("y", y).Attr("width", Math.Max(0, w)).Attr("height", Math.Max(0, h)).Attr("fill", fill);
        if (stroke is not null) svg.Attr("stroke", stroke);
        if (cssClass is not null) svg.Attr("class", cssClass);
        svg.End();
    }

    /// <summary>Defines a rectangular clip path and returns its id.</summary>
    public static string ClipRect(this SvgBuilder svg, double x, double y, double w, double h)
    {
        string id = svg.NewId("clip");
        svg.Start("clipPath").Attr("id", id).Open();
        svg.Start("rect").Attr("x", x).Attr("y", y).Attr("width", w).Attr("height", h).End();
        svg.Close();
        return id;
    }
}
