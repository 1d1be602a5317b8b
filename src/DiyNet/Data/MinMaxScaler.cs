namespace DiyNet.Data;

/// <summary>
/// Min-max scaling per feature to [min, max] (default [0, 1]):
/// <c>y = min + (x − xmin)·(max − min)/(xmax − xmin)</c>, xmin and xmax taken on the training data.
/// A constant feature gets scale max − min (sklearn's convention), so it maps to <c>min</c>, never NaN.
/// </summary>
public sealed class MinMaxScaler : Scaler
{
    /// <summary>Creates the scaler for the target range [min, max].</summary>
    /// <exception cref="ArgumentException">min ≥ max.</exception>
    public MinMaxScaler(float min = 0f, float max = 1f)
    {
        if (!(min < max)) throw new ArgumentException($"MinMaxScaler: the range [{min}, {max}] is empty.");
        Min = min;
        Max = max;
    }

    /// <summary>Lower end of the target range.</summary>
    public float Min { get; }

    /// <summary>Upper end of the target range.</summary>
    public float Max { get; }

    /// <inheritdoc />
    protected override void Compute(ReadOnlySpan<float> data, int n, int d, Span<float> scale, Span<float> shift)
    {
        var lo = new double[d];
        var hi = new double[d];
        Array.Fill(lo, double.PositiveInfinity);
        Array.Fill(hi, double.NegativeInfinity);
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = data.Slice(i * d, d);
            for (int j = 0; j < d; j++)
            {
                lo[j] = Math.Min(lo[j], row[j]);
                hi[j] = Math.Max(hi[j], row[j]);
            }
        }
        for (int j = 0; j < d; j++)
        {
            double range = hi[j] - lo[j];
            double s = (Max - Min) / (range == 0 ? 1 : range);
            scale[j] = (float)s;
            shift[j] = (float)(Min - lo[j] * s);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"MinMaxScaler([{Min}, {Max}]{(IsFitted ? $", {FeatureCount} features" : "")})";
}
