using System.Globalization;
using System.Text;

namespace DiyNet.Plots.Axes;

/// <summary>
/// "Nice" axis ticks: steps of 1, 2 or 5 × 10ᵏ on linear axes, powers of ten (with 2 and 5 between them when
/// the range is short) on log axes. Labels are written exactly from the integer mantissa and the exponent, so a
/// step of 0.1 never prints as 0.30000000000000004.
/// </summary>
public static class Ticks
{
    private static readonly int[] Mantissas = [1, 2, 5];

    /// <summary>
    /// Ticks covering [min, max]: the first tick is ≤ min, the last ≥ max, and they become the axis bounds.
    /// A zero-width range is widened (by 10 % of the value, or ±1 around 0). Example: [0, 0.87] → 0, 0.2, …, 1.0.
    /// </summary>
    /// <param name="min">Smallest data value.</param>
    /// <param name="max">Largest data value.</param>
    /// <param name="maxTicks">At most this many ticks (≥ 2; a range across 0 gets three, one of them 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite, min &gt; max, or maxTicks &lt; 2.</exception>
    public static TickSet Linear(double min, double max, int maxTicks = 6)
    {
        (min, max) = CheckLinear(min, max, maxTicks);
        // A range across 0 needs a tick on each side and one at 0: three at least.
        int limit = min < 0 && max > 0 ? Math.Max(maxTicks, 3) : maxTicks;
        var (m, e) = NiceStep((max - min) / (maxTicks - 1));
        while (true)
        {
            double step = StepValue(m, e);
            long lo = FloorTolerant(min / step), hi = -FloorTolerant(-max / step);
            if (hi - lo + 1 <= limit) return Build(lo, hi, m, e);
            (m, e) = Next(m, e);
        }
    }

    /// <summary>
    /// Ticks inside the fixed bounds [min, max] (which stay the axis bounds): the finest 1-2-5 step that gives at most
    /// <paramref name="maxTicks"/> ticks — at least two of them when maxTicks ≥ 5. A zero-width range is widened.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite, min &gt; max, or maxTicks &lt; 2.</exception>
    public static TickSet Within(double min, double max, int maxTicks = 6)
    {
        (min, max) = CheckLinear(min, max, maxTicks);
        var (m, e) = NiceStep((max - min) / (4.0 * maxTicks)); // fine enough to start above maxTicks ticks
        while (true)
        {
            double step = StepValue(m, e);
            long lo = -FloorTolerant(-min / step), hi = FloorTolerant(max / step);
            if (hi - lo + 1 <= maxTicks)
                return hi < lo ? new TickSet(min, max, [], [], []) : Build(lo, hi, m, e) with { Min = min, Max = max };
            (m, e) = Next(m, e);
        }
    }

    /// <summary>
    /// Log-scale ticks covering [min, max] (both &gt; 0): powers of ten as bounds and labels (every k-th decade when
    /// there are many, minor ticks at 2…9 × 10ᵏ when there are few); within two decades 1-2-5 ticks instead (or
    /// 1…9 when that gives fewer than three).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite or not positive, min &gt; max, or maxTicks &lt; 2.</exception>
    public static TickSet Log(double min, double max, int maxTicks = 8)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min <= 0 || max <= 0)
            throw new ArgumentOutOfRangeException(nameof(min), $"Log ticks need finite positive bounds; got [{min}, {max}].");
        if (min > max) throw new ArgumentOutOfRangeException(nameof(min), $"Ticks: min ({min}) > max ({max}).");
        if (maxTicks < 2) throw new ArgumentOutOfRangeException(nameof(maxTicks), $"Ticks: maxTicks is {maxTicks}, at least 2 needed.");
        if (max <= min * (1 + 1e-12)) (min, max) = (min / Math.Sqrt(10), max * Math.Sqrt(10));

        int a = (int)Math.Floor(Math.Log10(min) + 1e-9), b = (int)Math.Ceiling(Math.Log10(max) - 1e-9);
        if (b == a) b++;
        if (b - a <= 2)
        {
            var few = MantissaTicks(min, max, Mantissas);
            if (few.Values.Count < 3) few = MantissaTicks(min, max, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
            if (few.Values.Count <= maxTicks) return few;
        }
        int stride = (int)Math.Ceiling((b - a) / (double)(maxTicks - 1));
        int lo = FloorDiv(a, stride) * stride, hi = -FloorDiv(-b, stride) * stride;
        var values = new List<double>();
        var labels = new List<string>();
        var minor = new List<double>();
        for (int k = lo; k <= hi; k++)
        {
            if ((k - lo) % stride == 0)
            {
                values.Add(Math.Pow(10, k));
                labels.Add(LogLabel(1, k));
            }
            else minor.Add(Math.Pow(10, k));
            if (stride == 1 && hi - lo <= 6 && k < hi)
                for (int m = 2; m <= 9; m++) minor.Add(m * Math.Pow(10, k));
        }
        return new TickSet(values[0], values[^1], values, labels, minor);
    }

    /// <summary>The smallest step m × 10ᵉ with m in {1, 2, 5} that is ≥ <paramref name="rough"/> (&gt; 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The step is not finite and positive.</exception>
    public static double Nice(double rough)
    {
        var (m, e) = NiceStep(rough);
        return StepValue(m, e);
    }

    private static (double Min, double Max) CheckLinear(double min, double max, int maxTicks)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
            throw new ArgumentOutOfRangeException(nameof(min), $"Ticks need finite bounds; got [{min}, {max}].");
        if (min > max) throw new ArgumentOutOfRangeException(nameof(min), $"Ticks: min ({min}) > max ({max}).");
        if (maxTicks < 2) throw new ArgumentOutOfRangeException(nameof(maxTicks), $"Ticks: maxTicks is {maxTicks}, at least 2 needed.");
        double scale = Math.Max(Math.Abs(min), Math.Abs(max));
        if (max - min <= scale * 1e-12)
        {
            double c = (min + max) / 2, d = c == 0 ? 1 : Math.Abs(c) * 0.1;
            return (c - d, c + d);
        }
        return (min, max);
    }

    private static (int M, int E) NiceStep(double rough)
    {
        if (!double.IsFinite(rough) || rough <= 0)
            throw new ArgumentOutOfRangeException(nameof(rough), $"Tick step must be finite and positive; got {rough}.");
        int e = (int)Math.Floor(Math.Log10(rough));
        foreach (int m in Mantissas)
            if (StepValue(m, e) >= rough * (1 - 1e-12)) return (m, e);
        return (1, e + 1);
    }

    private static (int M, int E) Next(int m, int e) => m switch { 1 => (2, e), 2 => (5, e), _ => (1, e + 1) };

    /// <summary>⌊r⌋, except that r a hair below an integer (rounding noise such as 2.9999999999999996) gives that integer.</summary>
    private static long FloorTolerant(double r) => (long)Math.Floor(r + Math.Abs(r) * 1e-12);

    private static double StepValue(int m, int e) => e >= 0 ? m * Math.Pow(10, e) : m / Math.Pow(10, -e);

    private static int FloorDiv(int a, int b) => (int)Math.Floor(a / (double)b);

    /// <summary>The ticks k·m·10ᵉ for k = lo…hi, bounds at the first and the last.</summary>
    private static TickSet Build(long lo, long hi, int m, int e)
    {
        var raw = new List<long>();
        var values = new List<double>();
        for (long k = lo; k <= hi; k++)
        {
            raw.Add(k * m);
            values.Add(e >= 0 ? k * m * Math.Pow(10, e) : k * m / Math.Pow(10, -e));
        }
        double maxAbs = Math.Max(Math.Abs(values[0]), Math.Abs(values[^1]));
        bool scientific = maxAbs >= 1e6 || e < -4;
        var labels = raw.Select(n => scientific ? Scientific(n, e) : Decimal(n, e)).ToArray();
        return new TickSet(values[0], values[^1], values, labels, []);
    }

    private static TickSet MantissaTicks(double min, double max, int[] mantissas)
    {
        var all = new List<(int M, int K, double V)>();
        int a = (int)Math.Floor(Math.Log10(min) + 1e-9) - 1, b = (int)Math.Ceiling(Math.Log10(max) - 1e-9) + 1;
        for (int k = a; k <= b; k++)
            foreach (int m in mantissas) all.Add((m, k, m * Math.Pow(10, k)));
        int first = all.FindLastIndex(t => t.V <= min * (1 + 1e-9));
        int last = all.FindIndex(t => t.V >= max * (1 - 1e-9));
        var picked = all.GetRange(first, last - first + 1);
        return new TickSet(picked[0].V, picked[^1].V, picked.Select(t => t.V).ToArray(),
            picked.Select(t => LogLabel(t.M, t.K)).ToArray(), []);
    }

    /// <summary>n × 10ᵉ written with exactly max(0, −e) decimals.</summary>
    private static string Decimal(long n, int e)
    {
        string sign = n < 0 ? "−" : "";
        string digits = Math.Abs(n).ToString(CultureInfo.InvariantCulture);
        if (e >= 0) return n == 0 ? "0" : sign + digits + new string('0', e);
        digits = digits.PadLeft(-e + 1, '0');
        return sign + digits[..^(-e)] + "." + digits[^(-e)..];
    }

    /// <summary>
    /// n × 10ᵉ in scientific notation "d.dd×10ᵏ" (k the exponent of its leading digit), with the decimals the step
    /// 10ᵉ needs: 1.2×10¹³, 8×10¹², 1.0×10¹³ for a step of 2×10¹²; 0 stays "0".
    /// </summary>
    private static string Scientific(long n, int e)
    {
        if (n == 0) return "0";
        int k = e + Math.Abs(n).ToString(CultureInfo.InvariantCulture).Length - 1;
        return Decimal(n, e - k) + "×10" + Superscript(k);
    }

    private static string LogLabel(int m, int k) => k is >= -3 and <= 4 ? TrimmedDecimal(m, k) : (m == 1 ? "" : m.ToString(CultureInfo.InvariantCulture) + "×") + "10" + Superscript(k);

    private static string TrimmedDecimal(int m, int k)
    {
        string s = Decimal(m, k);
        return s.Contains('.') ? s.TrimEnd('0').TrimEnd('.') : s;
    }

    private static string Superscript(int k)
    {
        var sb = new StringBuilder();
        foreach (char c in k.ToString(CultureInfo.InvariantCulture))
            sb.Append(c switch { '-' => '⁻', '0' => '⁰', '1' => '¹', '2' => '²', '3' => '³', _ => (char)('⁴' + (c - '4')) });
        return sb.ToString();
    }
}
