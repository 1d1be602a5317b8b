namespace DiyNet.Data;

/// <summary>
/// Standardization per feature: <c>y = (x − μ)/σ</c>, μ and σ (population standard deviation) taken on the training
/// data. A constant feature gets σ = 1 (sklearn's convention), so it maps to 0, never NaN.
/// </summary>
public sealed class StandardScaler : Scaler
{
    /// <inheritdoc />
    protected override void Compute(ReadOnlySpan<float> data, int n, int d, Span<float> scale, Span<float> shift)
    {
        var mean = new double[d];
        var m2 = new double[d];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = data.Slice(i * d, d);
            for (int j = 0; j < d; j++)
            {
                // Welford's update: stable for large means.
                double delta = row[j] - mean[j];
                mean[j] += delta / (i + 1);
                m2[j] += delta * (row[j] - mean[j]);
            }
        }
        for (int j = 0; j < d; j++)
        {
            double sigma = Math.Sqrt(m2[j] / n);
            double s = 1.0 / (sigma == 0 ? 1 : sigma);
            scale[j] = (float)s;
            shift[j] = (float)(-mean[j] * s);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"StandardScaler({(IsFitted ? $"{FeatureCount} features" : "not fitted")})";
}
