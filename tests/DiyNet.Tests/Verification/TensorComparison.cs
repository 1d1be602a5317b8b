using DiyNet.Tensors;
using DiyNet;

namespace DiyNet.Tests.Verification;

/// <summary>
/// DiyNet's tensor against PyTorch's, element by element. The rule:
/// <c>|a − b| ≤ 1e-4 · max(|b|, 0.01 · max_i |b_i|)</c> — relative error 1e-4 for every element at least 1% of the
/// largest magnitude of its tensor, and an absolute floor of 1e-6 · max_i |b_i| for the smaller ones. Those come out
/// of cancellations whose float32 rounding is set by their larger neighbours, not by themselves: a Linear output near
/// 0 summed from terms of size 1, or TanH's 1 − y² near saturation (PyTorch's float32 kernels round the same way;
/// the references are float64). An all-zero reference must be matched exactly; NaN never passes.
/// </summary>
internal sealed class TensorComparison
{
    public const double Tolerance = 1e-4;

    /// <summary>The floor as a fraction of the tensor's largest magnitude (see the class summary).</summary>
    public const double FloorFraction = 1e-2;

    private TensorComparison(string name, string? shapeError, double maxError, string where, float actual, float expected)
    {
        Name = name;
        ShapeError = shapeError;
        MaxError = maxError;
        Where = where;
        Actual = actual;
        Expected = expected;
    }

    /// <summary>What was compared (<c>output</c>, <c>grad 0.weight</c>, ...).</summary>
    public string Name { get; }

    /// <summary>Set when the shapes differ (then nothing else was compared).</summary>
    public string? ShapeError { get; }

    /// <summary>The largest <c>|a − b| / max(|b|, floor)</c> over the elements.</summary>
    public double MaxError { get; }

    /// <summary>The index of the worst element, e.g. <c>[2, 3]</c>.</summary>
    public string Where { get; }

    public float Actual { get; }

    public float Expected { get; }

    public bool Passed => ShapeError is null && MaxError <= Tolerance;

    /// <summary>Compares <paramref name="actual"/> (DiyNet) with <paramref name="expected"/> (PyTorch).</summary>
    public static TensorComparison Of(string name, Tensor actual, Tensor expected)
    {
        if (!actual.SameShape(expected))
            return new TensorComparison(name, $"shape {actual.ShapeString}, PyTorch {expected.ShapeString}", double.PositiveInfinity, "-", float.NaN, float.NaN);
        ReadOnlySpan<float> a = actual.Span, b = expected.Span;
        double largest = 0;
        foreach (float v in b) largest = Math.Max(largest, Math.Abs((double)v));
        double floor = FloorFraction * largest;
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < b.Length; i++)
        {
            double diff = Math.Abs((double)a[i] - b[i]);
            double scale = Math.Max(Math.Abs((double)b[i]), floor);
            double error = diff == 0 ? 0 : scale == 0 ? double.PositiveInfinity : diff / scale;
            if (double.IsNaN(error)) error = double.PositiveInfinity;
            if (worstAt < 0 || error > worst) { worst = error; worstAt = i; }
        }
        if (worstAt < 0) return new TensorComparison(name, null, 0, "(empty)", 0f, 0f);
        return new TensorComparison(name, null, worst, Index(expected, worstAt), a[worstAt], b[worstAt]);
    }

    private static string Index(Tensor t, int flat)
    {
        var index = new int[t.Rank];
        for (int d = t.Rank - 1; d >= 0; d--)
        {
            index[d] = flat % t.Dim(d);
            flat /= t.Dim(d);
        }
        return "[" + string.Join(", ", index) + "]";
    }

    public override string ToString() => ShapeError is not null
        ? $"{Name}: {ShapeError}"
        : $"{Name}{Where}: DiyNet {Actual:R}, PyTorch {Expected:R}, error {MaxError:E2} (tolerance {Tolerance:E0}){(Passed ? "" : " FAILED")}";
}
