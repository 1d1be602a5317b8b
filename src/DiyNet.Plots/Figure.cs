using System.Text;
using DiyNet.Plots.Style;
using DiyNet.Plots.Svg;

namespace DiyNet.Plots;

/// <summary>
/// A figure that renders to a standalone SVG document (UTF-8, no external resources, opens in any browser).
/// </summary>
public abstract class Figure
{
    private protected Figure() { }

    /// <summary>The title drawn above the figure, or null for none.</summary>
    public string? Title { get; set; }

    /// <summary>The SVG document.</summary>
    /// <exception cref="ArgumentException">The figure's data or settings cannot be drawn (the message says which).</exception>
    public string ToSvg()
    {
        var (width, height) = Measure();
        var svg = new SvgBuilder();
        svg.Start("svg").Attr("xmlns", "http://www.w3.org/2000/svg")
            .Attr("width", width, 0).Attr("height", height, 0)
            .Attr("viewBox", $"0 0 {SvgBuilder.Number(width, 0)} {SvgBuilder.Number(height, 0)}")
            .Attr("font-family", Theme.FontFamily).Attr("font-size", Theme.TickSize).Attr("fill", Theme.Text).Open();
        svg.Rect(0, 0, Math.Ceiling(width), Math.Ceiling(height), Theme.Background);
        Render(svg);
        svg.Close();
        return svg.ToString();
    }

    /// <summary>
    /// Writes the SVG to <paramref name="path"/> atomically: into a temporary file of the same folder, then moved
    /// over the destination, so that a reader never sees half a figure. Creates the folder if needed.
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty, or the figure cannot be drawn.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"Figure.Save: '{path}' has no folder.", nameof(path));
        string document = ToSvg();
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, document, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The figure's size in px.</summary>
    internal abstract (double Width, double Height) Measure();

    /// <summary>Draws the figure in its own coordinates, (0, 0) to <see cref="Measure"/>.</summary>
    internal abstract void Render(SvgBuilder svg);
}
