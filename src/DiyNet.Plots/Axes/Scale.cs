namespace DiyNet.Plots.Axes;

/// <summary>Maps data values in [Min, Max] to pixels in [P0, P1], linearly or on log₁₀.</summary>
internal sealed class Scale(double min, double max, double p0, double p1, bool log)
{
    private readonly double _a = log ? Math.Log10(min) : min;
    private readonly double _b = log ? Math.Log10(max) : max;

    public double Min => min;
    public double Max => max;
    public double P0 => p0;
    public double P1 => p1;
    public bool Log => log;

    /// <summary>Whether the value can be drawn on this scale (finite, and positive on a log scale).</summary>
    public bool Accepts(double v) => double.IsFinite(v) && (!log || v > 0);

    /// <summary>The pixel coordinate of <paramref name="v"/> (which <see cref="Accepts"/>).</summary>
    public double Map(double v)
    {
        double t = ((log ? Math.Log10(v) : v) - _a) / (_b - _a);
        return p0 + t * (p1 - p0);
    }
}
