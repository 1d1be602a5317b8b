using DiyNet.Plots.Style;

namespace DiyNet.Plots;

/// <summary>
/// The categorical colours shared by every figure: the ten "tab10" colours familiar from matplotlib, then their
/// ten lighter companions of "tab20"; indices past 20 cycle.
/// </summary>
public static class Palette
{
    private static readonly string[] Colors =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
        "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
    ];

    /// <summary>The distinct colours, as <c>#rrggbb</c>.</summary>
    public static IReadOnlyList<string> Categorical => Colors;

    /// <summary>The colour of series or class <paramref name="index"/> (cycles past the 20 distinct colours).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is negative.</exception>
    public static string Color(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return Colors[index % Colors.Length];
    }

    /// <summary>The colour mixed with white by <paramref name="amount"/> in [0, 1] (region shading).</summary>
    internal static Rgb Tint(int index, double amount) => Rgb.Parse(Color(index)).Mix(new Rgb(255, 255, 255), amount);
}
