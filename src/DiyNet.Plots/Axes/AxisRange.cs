namespace DiyNet.Plots.Axes;

/// <summary>How an axis chooses its bounds and ticks from the data range and the user's fixed limits.</summary>
internal sealed class AxisRange
{
    private double _min = double.NaN, _max = double.NaN;
    private bool _allIntegers = true;

    /// <summary>Whether the axis is log₁₀.</summary>
    public bool Log { get; init; }

    /// <summary>User lower bound, or null to fit the data.</summary>
    public double? FixedMin { get; init; }

    /// <summary>User upper bound, or null to fit the data.</summary>
    public double? FixedMax { get; init; }

    /// <summary>True: bounds = data ± 5 % with ticks inside (scatter); false: bounds extended to nice ticks (curves).</summary>
    public bool Padded { get; init; }

    /// <summary>Whether, when every value included is an integer (epochs), ticks keep to integers.</summary>
    public bool IntegerSteps { get; init; }

    /// <summary>The name used in error messages (e.g. "LineChart y").</summary>
    public string Name { get; init; } = "axis";

    /// <summary>Extends the data range with <paramref name="v"/>; values the axis cannot show (NaN, ≤ 0 on log) are skipped.</summary>
    public void Include(double v)
    {
        if (!double.IsFinite(v) || (Log && v <= 0)) return;
        _allIntegers &= v == Math.Round(v) && Math.Abs(v) < 1e15;
        if (double.IsNaN(_min) || v < _min) _min = v;
        if (double.IsNaN(_max) || v > _max) _max = v;
    }

    /// <summary>The bounds and ticks for at most <paramref name="maxTicks"/> labelled ticks.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A fixed bound is not finite, or not positive on a log axis.</exception>
    public TickSet Ticks(int maxTicks)
    {
        CheckFixed(FixedMin, nameof(FixedMin));
        CheckFixed(FixedMax, nameof(FixedMax));
        double lo = FixedMin ?? _min, hi = FixedMax ?? _max;
        if (double.IsNaN(lo) && double.IsNaN(hi)) (lo, hi) = Log ? (1, 10) : (0, 1);
        else if (double.IsNaN(lo)) lo = Log ? hi / 10 : hi - 1;
        else if (double.IsNaN(hi)) hi = Log ? lo * 10 : lo + 1;
        if (lo > hi)
        {
            if (FixedMin is not null && FixedMax is not null)
                throw new ArgumentOutOfRangeException(nameof(FixedMin), $"{Name}: minimum ({FixedMin}) > maximum ({FixedMax}).");
            if (FixedMin is not null) hi = lo; else lo = hi;
        }
        bool bothFixed = FixedMin is not null && FixedMax is not null;
        if (Log)
        {
            var t = Axes.Ticks.Log(lo, hi, maxTicks);
            return t.ClipTo(FixedMin ?? (Padded ? lo : t.Min), FixedMax ?? (Padded ? hi : t.Max));
        }
        if (bothFixed) return Axes.Ticks.Within(lo, hi, maxTicks);
        if (Padded)
        {
            double pad = hi > lo ? (hi - lo) * 0.05 : Math.Max(Math.Abs(lo) * 0.1, 1);
            return Axes.Ticks.Within(FixedMin ?? lo - pad, FixedMax ?? hi + pad, maxTicks);
        }
        if (IntegerSteps && _allIntegers && !double.IsNaN(_min) && FixedMin is null && FixedMax is null)
        {
            if (hi == lo) (lo, hi) = (lo - 1, hi + 1);
            maxTicks = Math.Max(2, Math.Min(maxTicks, (int)(hi - lo) + 1)); // a step of at least 1
        }
        var nice = Axes.Ticks.Linear(lo, hi, maxTicks);
        return nice.ClipTo(FixedMin ?? nice.Min, FixedMax ?? nice.Max);
    }

    private void CheckFixed(double? v, string what)
    {
        if (v is null) return;
        if (!double.IsFinite(v.Value) || (Log && v.Value <= 0))
            throw new ArgumentOutOfRangeException(what, $"{Name}: {what} = {v} cannot be shown{(Log ? " on a log axis (needs > 0)" : "")}.");
    }
}
