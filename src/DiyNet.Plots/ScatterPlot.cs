using System.Numerics;
using DiyNet.Plots.Axes;
using DiyNet.Plots.Imaging;
using DiyNet.Plots.Style;
using DiyNet.Plots.Svg;

namespace DiyNet.Plots;

/// <summary>
/// 2-D points coloured by class (the course's 2-D datasets, t-SNE or PCA embeddings of digits), optionally over the
/// decision regions of a classifier. Points are drawn compactly (one path per class, coordinates to 0.1 px: about
/// 12 bytes a point), regions as one embedded PNG.
/// </summary>
/// <example><code>
/// new ScatterPlot { Title = "XOR", XLabel = "x₁", YLabel = "x₂" }
///     .Add(xs, ys, labels).DecisionRegions(predictedGrid, -3, 3, -3, 3).Save("out/xor.svg");
/// </code></example>
public sealed class ScatterPlot : Chart
{
    private readonly List<double> _x = [], _y = [];
    private readonly List<int> _labels = [];
    private Regions? _regions;

    private sealed record Regions(byte[] Rgb, int Rows, int Cols, double XMin, double XMax, double YMin, double YMax, bool Smooth);

    /// <summary>Legend names of the classes (index = label); labels past the list show as numbers.</summary>
    public IReadOnlyList<string>? ClassNames { get; set; }

    /// <summary>Dot diameter in px, or null to choose from the number of points (7 px for a few hundred, 2.5 px for many thousands).</summary>
    public double? PointSize { get; set; }

    /// <summary>Dot opacity in (0, 1] (default 0.85), lower for dense embeddings.</summary>
    public double Opacity { get; set; } = 0.85;

    /// <summary>Fixed lower x bound, or null (the regions' extent, else the data ± 5 %).</summary>
    public double? XMin { get; set; }

    /// <summary>Fixed upper x bound, or null (the regions' extent, else the data ± 5 %).</summary>
    public double? XMax { get; set; }

    /// <summary>Fixed lower y bound, or null (the regions' extent, else the data ± 5 %).</summary>
    public double? YMin { get; set; }

    /// <summary>Fixed upper y bound, or null (the regions' extent, else the data ± 5 %).</summary>
    public double? YMax { get; set; }

    /// <summary>The number of points added.</summary>
    public int Count => _x.Count;

    /// <summary>Adds points (x[i], y[i]) of class labels[i] (≥ 0; class k gets palette colour k).</summary>
    /// <exception cref="ArgumentException">The three sequences differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is negative.</exception>
    public ScatterPlot Add<TX, TY>(IEnumerable<TX> x, IEnumerable<TY> y, IEnumerable<int> labels)
        where TX : INumberBase<TX> where TY : INumberBase<TY>
    {
        double[] xs = Numbers.ToDoubles(x), ys = Numbers.ToDoubles(y);
        int[] ls = labels?.ToArray() ?? throw new ArgumentNullException(nameof(labels));
        if (xs.Length != ys.Length || xs.Length != ls.Length)
            throw new ArgumentException($"ScatterPlot.Add: x has {xs.Length} values, y {ys.Length}, labels {ls.Length}; they must match.");
        int bad = Array.FindIndex(ls, l => l < 0);
        if (bad >= 0) throw new ArgumentOutOfRangeException(nameof(labels), $"ScatterPlot.Add: label {ls[bad]} at index {bad} is negative.");
        _x.AddRange(xs);
        _y.AddRange(ys);
        _labels.AddRange(ls);
        return this;
    }

    /// <summary>Adds points given as rows (x, y) of an (N, 2) array, with their class labels.</summary>
    /// <exception cref="ArgumentException">The array does not have 2 columns, or N differs from the label count.</exception>
    public ScatterPlot Add(float[,] points, IEnumerable<int> labels)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.GetLength(1) != 2)
            throw new ArgumentException($"ScatterPlot.Add: points have shape ({points.GetLength(0)}, {points.GetLength(1)}), expected (N, 2).", nameof(points));
        int n = points.GetLength(0);
        var xs = new double[n];
        var ys = new double[n];
        for (int i = 0; i < n; i++) (xs[i], ys[i]) = (points[i, 0], points[i, 1]);
        return Add(xs, ys, labels);
    }

    /// <summary>
    /// Shades the plot with predicted classes: <paramref name="classes"/>[r, c] is the class predicted at
    /// x = xMin + (c + ½)·(xMax − xMin)/cols, y = yMin + (r + ½)·(yMax − yMin)/rows — row 0 at the bottom, as a
    /// meshgrid over (x, y) gives it. Class k gets a light tint of palette colour k; negative values stay white.
    /// </summary>
    /// <exception cref="ArgumentException">The grid is empty or the extents are not finite and increasing.</exception>
    public ScatterPlot DecisionRegions(int[,] classes, double xMin, double xMax, double yMin, double yMax)
    {
        ArgumentNullException.ThrowIfNull(classes);
        int rows = classes.GetLength(0), cols = classes.GetLength(1);
        var rgb = RegionPixels(rows, cols, xMin, xMax, yMin, yMax, (r, c) => classes[r, c] < 0 ? new Rgb(255, 255, 255) : Palette.Tint(classes[r, c], 0.7));
        _regions = new Regions(rgb, rows, cols, xMin, xMax, yMin, yMax, Smooth: false);
        return this;
    }

    /// <summary>
    /// Shades the plot with the probability of class 1 of a binary classifier, on the grid layout of
    /// <see cref="DecisionRegions(int[,], double, double, double, double)"/>: tints of the class-0 and class-1
    /// colours, white at p = ½ (the decision boundary), stronger with confidence.
    /// </summary>
    /// <exception cref="ArgumentException">The grid is empty or the extents are not finite and increasing.</exception>
    public ScatterPlot DecisionRegions(float[,] probability, double xMin, double xMax, double yMin, double yMax)
    {
        ArgumentNullException.ThrowIfNull(probability);
        int rows = probability.GetLength(0), cols = probability.GetLength(1);
        Rgb c0 = Palette.Tint(0, 0.45), c1 = Palette.Tint(1, 0.45), white = new(255, 255, 255);
        var rgb = RegionPixels(rows, cols, xMin, xMax, yMin, yMax, (r, c) =>
        {
            double p = probability[r, c];
            if (double.IsNaN(p)) return white;
            return p < 0.5 ? c0.Mix(white, Math.Clamp(2 * p, 0, 1)) : white.Mix(c1, Math.Clamp(2 * p - 1, 0, 1));
        });
        _regions = new Regions(rgb, rows, cols, xMin, xMax, yMin, yMax, Smooth: true);
        return this;
    }

    internal override void Render(SvgBuilder svg)
    {
        if (Opacity is not (> 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(Opacity), $"ScatterPlot: opacity {Opacity} is not in (0, 1].");
        var x = new AxisRange { Padded = true, FixedMin = XMin ?? _regions?.XMin, FixedMax = XMax ?? _regions?.XMax, Name = "ScatterPlot x" };
        var y = new AxisRange { Padded = true, FixedMin = YMin ?? _regions?.YMin, FixedMax = YMax ?? _regions?.YMax, Name = "ScatterPlot y" };
        for (int i = 0; i < _x.Count; i++)
            if (double.IsFinite(_x[i]) && double.IsFinite(_y[i])) { x.Include(_x[i]); y.Include(_y[i]); }

        var classes = _labels.Distinct().Order().ToArray();
        var legend = new LegendBox();
        foreach (int k in classes) legend.Add(ClassName(k), Palette.Color(k), LegendBox.Symbol.Dot);
        var (frame, spot) = legend.Arrange(Legend, (right, top) => Frame.Layout(Width, Height, Title, XLabel, YLabel, x, null, y, right, top),
            f => Pixels(f).Select(p => (p.X, p.Y)));


        string clip = frame.Clip(svg);
        if (_regions is { } g)
        {
            double left = frame.X.Map(g.XMin), right = frame.X.Map(g.XMax), top = frame.Y.Map(g.YMax), bottom = frame.Y.Map(g.YMin);
            svg.Start("image").Attr("class", "regions").Attr("clip-path", $"url(#{clip})")
                .Attr("x", left).Attr("y", top).Attr("width", right - left).Attr("height", bottom - top)
                .Attr("preserveAspectRatio", "none");
            if (!g.Smooth) svg.Attr("style", "image-rendering:pixelated");
            svg.Attr("href", Png.DataUri(g.Rgb, g.Cols, g.Rows, 3)).End();
        }
        else frame.RenderGrid(svg);
        double size = PointSize ?? (_x.Count <= 300 ? 7 : _x.Count <= 1500 ? 5 : _x.Count <= 5000 ? 3.5 : 2.5);
        var byClass = Pixels(frame).GroupBy(p => p.Label).OrderBy(gr => gr.Key);
        svg.Start("g").Attr("clip-path", $"url(#{clip})").Attr("fill", "none").Attr("stroke-linecap", "round")
            .Attr("stroke-width", size).Attr("stroke-opacity", Opacity).Open();
        foreach (var group in byClass)
        {
            var dots = new PathData();
            foreach (var p in group) dots.Dot(p.X, p.Y);
            string d = dots.ToString();
            // Over coloured regions a dark rim keeps each point visible on the tint of its own class.
            if (_regions is not null) svg.Start("path").Attr("class", "rims").Attr("d", d).Attr("stroke", Theme.Text).Attr("stroke-width", size + 1.6).End();
            svg.Start("path").Attr("class", "points").Attr("d", d).Attr("stroke", Palette.Color(group.Key)).End();
        }
        svg.Close();
        frame.RenderAxes(svg);
        if (spot is { } at) legend.Render(svg, at.X, at.Y);
    }

    private string ClassName(int k) => ClassNames is not null && k < ClassNames.Count ? ClassNames[k] : k.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private IEnumerable<(double X, double Y, int Label)> Pixels(Frame frame)
    {
        for (int i = 0; i < _x.Count; i++)
        {
            if (!double.IsFinite(_x[i]) || !double.IsFinite(_y[i])) continue;
            double px = frame.X.Map(_x[i]), py = frame.Y.Map(_y[i]);
            if (px < frame.Left - 5 || px > frame.Right + 5 || py < frame.Top - 5 || py > frame.Bottom + 5) continue;
            yield return (px, py, _labels[i]);
        }
    }

    private static byte[] RegionPixels(int rows, int cols, double xMin, double xMax, double yMin, double yMax, Func<int, int, Rgb> color)
    {
        if (rows == 0 || cols == 0) throw new ArgumentException($"ScatterPlot.DecisionRegions: the grid is {rows}×{cols}; it must not be empty.");
        if (!double.IsFinite(xMin) || !double.IsFinite(xMax) || !double.IsFinite(yMin) || !double.IsFinite(yMax) || xMin >= xMax || yMin >= yMax)
            throw new ArgumentException($"ScatterPlot.DecisionRegions: extents x [{xMin}, {xMax}], y [{yMin}, {yMax}] must be finite and increasing.");
        var rgb = new byte[rows * cols * 3];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                var k = color(r, c);
                int o = ((rows - 1 - r) * cols + c) * 3; // image rows go top-down, grid rows bottom-up
                (rgb[o], rgb[o + 1], rgb[o + 2]) = (k.R, k.G, k.B);
            }
        return rgb;
    }

    /// <inheritdoc />
    public override string ToString() => $"ScatterPlot({_x.Count} points, {_labels.Distinct().Count()} classes{(_regions is null ? "" : ", regions")})";
}
