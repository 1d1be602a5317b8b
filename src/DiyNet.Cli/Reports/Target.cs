using System.Globalization;

namespace DiyNet.Cli.Reports;

/// <summary>A bound a headline figure must meet.</summary>
internal sealed record Target(string Text, Func<double, bool> Check)
{
    public static Target AtLeast(double bound, string format = "F3") =>
        new("≥ " + bound.ToString(format, CultureInfo.InvariantCulture), v => v >= bound);

    public static Target AtMost(double bound, string format = "F3") =>
        new("≤ " + bound.ToString(format, CultureInfo.InvariantCulture), v => v <= bound);

    public static Target Within(double reference, double tolerance, string format = "F4") =>
        new($"{reference.ToString(format, CultureInfo.InvariantCulture)} ± {tolerance.ToString("G2", CultureInfo.InvariantCulture)}",
            v => Math.Abs(v - reference) <= tolerance);
}
