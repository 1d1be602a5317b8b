using DiyNet.Plots.Imaging;
using DiyNet.Plots.Style;
using DiyNet.Plots.Svg;

namespace DiyNet.Plots;

/// <summary>
/// Grayscale (or colour-mapped) images in a grid, filled row by row: digits with "pred 3 / true 5" captions
/// (in red when <c>highlight</c>), or rows of originals, reconstructions, noisy and denoised versions with row
/// labels. Each image is one embedded PNG scaled up without smoothing, about 300 bytes for a 16×16 digit.
/// </summary>
/// <example><code>
/// var grid = new ImageGrid(16, 16) { Columns = 10, RowLabels = ["original", "reconstruction"] };
/// for (int i = 0; i &lt; 10; i++) grid.Add(x.Row(i).Span);
/// for (int i = 0; i &lt; 10; i++) grid.Add(xHat.Row(i).Span);
/// grid.Save("out/reconstructions.svg");
/// </code></example>
public sealed class ImageGrid : Figure
{
    private const double Gap = 6, OuterPad = 10;
    private readonly List<(float[] Pixels, string? Caption, bool Highlight)> _images = [];
    private int _columns = 10;
    private double _zoom = 3;

    /// <summary>Creates an empty grid of images of <paramref name="height"/> × <paramref name="width"/> pixels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public ImageGrid(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        (ImageHeight, ImageWidth) = (height, width);
    }

    /// <summary>Pixel rows of every image.</summary>
    public int ImageHeight { get; }

    /// <summary>Pixel columns of every image.</summary>
    public int ImageWidth { get; }

    /// <summary>Images per row (default 10).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int Columns
    {
        get => _columns;
        set { ArgumentOutOfRangeException.ThrowIfLessThan(value, 1); _columns = value; }
    }

    /// <summary>Screen px per image pixel (default 3: a 16×16 digit shows as 48×48 px).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in [0.25, 64].</exception>
    public double Zoom
    {
        get => _zoom;
        set
        {
            if (value is not (>= 0.25 and <= 64)) throw new ArgumentOutOfRangeException(nameof(Zoom), $"ImageGrid: zoom {value} is not in [0.25, 64].");
            _zoom = value;
        }
    }

    /// <summary>
    /// The value shown as the colour scale's low end, or null for the smallest value of all images (of each image with
    /// <see cref="PerImageRange"/>; with a diverging colour map, −max |value| so that 0 is neutral).
    /// </summary>
    public double? ValueMin { get; set; }

    /// <summary>The value shown as the colour scale's high end, or null for the largest value (max |value| with a diverging colour map).</summary>
    public double? ValueMax { get; set; }

    /// <summary>Whether each image is scaled to its own min…max (weights, filters) instead of one range for all.</summary>
    public bool PerImageRange { get; set; }

    /// <summary>The colour scale (default <see cref="Colormap.Gray"/>: low values black, high white).</summary>
    public Colormap Colormap { get; set; } = Colormap.Gray;

    /// <summary>Labels drawn left of each row, in order (e.g. "original", "noisy", "denoised"); null for none.</summary>
    public IReadOnlyList<string>? RowLabels { get; set; }

    /// <summary>The number of images added.</summary>
    public int Count => _images.Count;

    /// <summary>Appends an image (row-major, ImageHeight × ImageWidth values) with an optional caption, red when <paramref name="highlight"/>.</summary>
    /// <exception cref="ArgumentException">The image has the wrong number of values.</exception>
    public ImageGrid Add(ReadOnlySpan<float> pixels, string? caption = null, bool highlight = false)
    {
        if (pixels.Length != ImageHeight * ImageWidth)
            throw new ArgumentException($"ImageGrid.Add: image {_images.Count} has {pixels.Length} values, expected {ImageHeight}×{ImageWidth} = {ImageHeight * ImageWidth}.", nameof(pixels));
        _images.Add((pixels.ToArray(), caption, highlight));
        return this;
    }

    /// <summary>Appends an image given as doubles.</summary>
    /// <exception cref="ArgumentException">The image has the wrong number of values.</exception>
    public ImageGrid Add(ReadOnlySpan<double> pixels, string? caption = null, bool highlight = false)
    {
        var f = new float[pixels.Length];
        for (int i = 0; i < f.Length; i++) f[i] = (float)pixels[i];
        return Add(f, caption, highlight);
    }

    /// <summary>
    /// Appends every image of a row-major batch of shape (N, ImageHeight·ImageWidth), with optional per-image captions
    /// and highlights (each null or of length N).
    /// </summary>
    /// <exception cref="ArgumentException">The batch length is not a multiple of the image size, or a list has the wrong length.</exception>
    public ImageGrid AddBatch(ReadOnlySpan<float> batch, IReadOnlyList<string>? captions = null, IReadOnlyList<bool>? highlights = null)
    {
        int size = ImageHeight * ImageWidth;
        if (batch.Length % size != 0)
            throw new ArgumentException($"ImageGrid.AddBatch: {batch.Length} values is not a whole number of {ImageHeight}×{ImageWidth} images.", nameof(batch));
        int n = batch.Length / size;
        if (captions is not null && captions.Count != n) throw new ArgumentException($"ImageGrid.AddBatch: {captions.Count} captions for {n} images.", nameof(captions));
        if (highlights is not null && highlights.Count != n) throw new ArgumentException($"ImageGrid.AddBatch: {highlights.Count} highlights for {n} images.", nameof(highlights));
        for (int i = 0; i < n; i++) Add(batch.Slice(i * size, size), captions?[i], highlights?[i] ?? false);
        return this;
    }

    internal override (double Width, double Height) Measure()
    {
        var l = Layout();
        return (l.Left + l.Cols * l.CellWidth + (l.Cols - 1) * Gap + OuterPad, l.Top + l.Rows * l.CellHeight + (l.Rows - 1) * Gap + OuterPad);
    }

    internal override void Render(SvgBuilder svg)
    {
        var l = Layout();
        if (!string.IsNullOrEmpty(Title)) svg.Label(Measure().Width / 2, OuterPad + Theme.TitleSize * 0.8, Title, Theme.TitleSize, bold: true, cssClass: "title");
        var (gMin, gMax) = Range(_images.Select(i => i.Pixels));
        double w = ImageWidth * Zoom, h = ImageHeight * Zoom;
        bool gray = Colormap.IsGray;
        bool frame = Colormap.Map(0).Luminance > 0.8; // light backgrounds need an outline to show where images end
        svg.Start("g").Attr("style", "image-rendering:pixelated").Open();
        for (int i = 0; i < _images.Count; i++)
        {
            var (pixels, caption, highlight) = _images[i];
            int r = i / l.Cols, c = i % l.Cols;
            double cellX = l.Left + c * (l.CellWidth + Gap), cellY = l.Top + r * (l.CellHeight + Gap);
            double x = cellX + (l.CellWidth - w) / 2;
            var (lo, hi) = PerImageRange ? Range([pixels]) : (gMin, gMax);
            svg.Start("image").Attr("class", "image").Attr("x", x).Attr("y", cellY).Attr("width", w).Attr("height", h)
                .Attr("href", Encode(pixels, lo, hi, gray)).End();
            if (highlight || frame)
            {
                svg.Start("rect").Attr("x", x - 0.5).Attr("y", cellY - 0.5).Attr("width", w + 1).Attr("height", h + 1).Attr("fill", "none")
                    .Attr("stroke", highlight ? Theme.Error : Theme.LegendBorder);
                if (highlight) svg.Attr("stroke-width", 1.5);
                svg.End();
            }
            if (caption is not null)
                svg.Label(cellX + l.CellWidth / 2, cellY + h + 4 + Theme.SmallSize * 0.8, caption, Theme.SmallSize,
                    color: highlight ? Theme.Error : Theme.MutedText, bold: highlight, cssClass: "caption");
        }
        svg.Close();
        if (RowLabels is not null)
            for (int r = 0; r < Math.Min(RowLabels.Count, l.Rows); r++)
                svg.Label(l.Left - 8, l.Top + r * (l.CellHeight + Gap) + h / 2, RowLabels[r], Theme.TickSize, "end", middle: true, cssClass: "row-label");
    }

    private (double Left, double Top, int Cols, int Rows, double CellWidth, double CellHeight) Layout()
    {
        int cols = Math.Max(1, Math.Min(Columns, _images.Count)), rows = Math.Max(1, (_images.Count + Columns - 1) / Columns);
        bool captions = _images.Any(i => i.Caption is not null);
        double captionWidth = _images.Where(i => i.Caption is not null)
            .Select(i => TextMetrics.Width(i.Caption!, Theme.SmallSize) * (i.Highlight ? 1.08 : 1)).DefaultIfEmpty(0).Max();
        double cellWidth = Math.Max(ImageWidth * Zoom, captionWidth + 2);
        double cellHeight = ImageHeight * Zoom + (captions ? Theme.SmallSize + 6 : 0);
        double labelWidth = RowLabels?.Select(s => TextMetrics.Width(s, Theme.TickSize)).DefaultIfEmpty(0).Max() ?? 0;
        double left = OuterPad + (labelWidth > 0 ? labelWidth + 8 : 0);
        double top = OuterPad + (string.IsNullOrEmpty(Title) ? 0 : Theme.TitleSize + 10);
        return (left, top, cols, rows, cellWidth, cellHeight);
    }

    private (double Min, double Max) Range(IEnumerable<float[]> images)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        if (ValueMin is null || ValueMax is null)
            foreach (var img in images)
                foreach (float v in img)
                    if (float.IsFinite(v)) (lo, hi) = (Math.Min(lo, v), Math.Max(hi, v));
        if (Colormap.IsDiverging && double.IsFinite(lo)) (lo, hi) = (-Math.Max(-lo, hi), Math.Max(-lo, hi));
        lo = ValueMin ?? (double.IsFinite(lo) ? lo : 0);
        hi = ValueMax ?? (double.IsFinite(hi) ? hi : 1);
        if (!double.IsFinite(lo) || !double.IsFinite(hi) || lo > hi)
            throw new ArgumentOutOfRangeException(nameof(ValueMin), $"ImageGrid: value range [{lo}, {hi}] must be finite and increasing.");
        return (lo, hi);
    }

    private string Encode(float[] pixels, double lo, double hi, bool gray)
    {
        double scale = hi > lo ? 1 / (hi - lo) : 0;
        int channels = gray ? 1 : 3;
        var bytes = new byte[pixels.Length * channels];
        for (int i = 0; i < pixels.Length; i++)
        {
            double t = float.IsFinite(pixels[i]) ? (pixels[i] - lo) * scale : 0;
            var rgb = Colormap.Map(t);
            if (gray) bytes[i] = rgb.R;
            else (bytes[3 * i], bytes[3 * i + 1], bytes[3 * i + 2]) = (rgb.R, rgb.G, rgb.B);
        }
        return Png.DataUri(bytes, ImageWidth, ImageHeight, channels);
    }

    /// <inheritdoc />
    public override string ToString() => $"ImageGrid({_images.Count} images of {ImageHeight}×{ImageWidth}, {Columns} columns)";
}
