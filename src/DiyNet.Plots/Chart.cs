namespace DiyNet.Plots;

/// <summary>A figure with x and y axes and a legend: the common settings of line, scatter and bar charts.</summary>
public abstract class Chart : Figure
{
    private double _width = 640, _height = 420;

    private protected Chart() { }

    /// <summary>Width in px (default 640, at least 160).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Below 160 or not finite.</exception>
    public double Width
    {
        get => _width;
        set => _width = CheckSize(value, nameof(Width));
    }

    /// <summary>Height in px (default 420, at least 120).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Below 120 or not finite.</exception>
    public double Height
    {
        get => _height;
        set => _height = CheckSize(value, nameof(Height));
    }

    /// <summary>The x-axis label, or null.</summary>
    public string? XLabel { get; set; }

    /// <summary>The y-axis label, or null.</summary>
    public string? YLabel { get; set; }

    /// <summary>Where the legend goes (default <see cref="LegendPosition.Auto"/>: an empty corner, else outside).</summary>
    public LegendPosition Legend { get; set; } = LegendPosition.Auto;

    internal override (double Width, double Height) Measure() => (Width, Height);

    private static double CheckSize(double v, string name)
    {
        double min = name == nameof(Width) ? 160 : 120;
        if (!double.IsFinite(v) || v < min)
            throw new ArgumentOutOfRangeException(name, $"{name} = {v} px; at least {min} px needed.");
        return v;
    }
}
