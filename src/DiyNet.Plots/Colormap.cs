using DiyNet.Plots.Style;

namespace DiyNet.Plots;

/// <summary>
/// A continuous colour scale: t in [0, 1] → colour, by linear interpolation between evenly spaced anchors.
/// </summary>
public sealed class Colormap
{
    private readonly Rgb[] _anchors;

    private Colormap(string name, params string[] anchors) : this(name, false, anchors) { }

    private Colormap(string name, bool diverging, params string[] anchors)
    {
        Name = name;
        IsDiverging = diverging;
        _anchors = Array.ConvertAll(anchors, Rgb.Parse);
    }

    /// <summary>Black (0) to white (1).</summary>
    public static Colormap Gray { get; } = new("gray", "#000000", "#ffffff");

    /// <summary>White (0) to black (1): dark ink on paper, how digits are usually printed.</summary>
    public static Colormap GrayInverted { get; } = new("gray-inverted", "#ffffff", "#000000");

    /// <summary>White to dark blue (matplotlib "Blues"): counts, confusion matrices.</summary>
    public static Colormap Blues { get; } = new("blues",
        "#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b");

    /// <summary>Perceptually uniform dark purple to yellow (matplotlib "viridis").</summary>
    public static Colormap Viridis { get; } = new("viridis",
        "#440154", "#482475", "#414487", "#355f8d", "#2a788e", "#21918c", "#22a884", "#44bf70", "#7ad151", "#bddf26", "#fde725");

    /// <summary>Diverging blue (0) – white (0.5) – red (1): signed values such as weights.</summary>
    public static Colormap BlueRed { get; } = new("blue-red", diverging: true,
        "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d", "#b2182b");

    /// <summary>The scale's name.</summary>
    public string Name { get; }

    /// <summary>Whether the scale is diverging (its middle is neutral): automatic ranges are then symmetric about 0.</summary>
    public bool IsDiverging { get; }

    /// <summary>Whether every colour of the scale is a shade of gray (images can then be stored as 8-bit gray).</summary>
    public bool IsGray => Array.TrueForAll(_anchors, a => a.R == a.G && a.G == a.B);

    /// <summary>The colour at <paramref name="t"/> (clamped to [0, 1]; NaN maps to 0) as <c>#rrggbb</c>.</summary>
    public string Hex(double t) => Map(t).Hex;

    /// <summary>The colour at <paramref name="t"/> (clamped to [0, 1]; NaN maps to 0).</summary>
    internal Rgb Map(double t)
    {
        if (double.IsNaN(t)) t = 0;
        double u = Math.Clamp(t, 0, 1) * (_anchors.Length - 1);
        int i = Math.Min((int)u, _anchors.Length - 2);
        return _anchors[i].Mix(_anchors[i + 1], u - i);
    }

    /// <inheritdoc />
    public override string ToString() => $"Colormap({Name})";
}
