namespace DiyNet.Plots.Axes;

/// <summary>The ticks of one axis: the axis bounds, the labelled tick values and the unlabelled minor ticks.</summary>
/// <param name="Min">Lower bound of the axis.</param>
/// <param name="Max">Upper bound of the axis.</param>
/// <param name="Values">Labelled tick positions, ascending, all within [Min, Max].</param>
/// <param name="Labels">One label per value (exact decimal strings, "−" for minus, "×10ⁿ" for powers).</param>
/// <param name="Minor">Unlabelled minor tick positions (log axes), ascending.</param>
public sealed record TickSet(double Min, double Max, IReadOnlyList<double> Values, IReadOnlyList<string> Labels, IReadOnlyList<double> Minor)
{
    /// <summary>The same ticks restricted to [min, max], which become the bounds.</summary>
    internal TickSet ClipTo(double min, double max)
    {
        const double tol = 1e-9;
        double slack = (max - min) * tol;
        var values = new List<double>();
        var labels = new List<string>();
        for (int i = 0; i < Values.Count; i++)
        {
            if (Values[i] < min - slack || Values[i] > max + slack) continue;
            values.Add(Values[i]);
            labels.Add(Labels[i]);
        }
        return new TickSet(min, max, values, labels, Minor.Where(v => v >= min - slack && v <= max + slack).ToArray());
    }
}
