namespace DiyNet;

/// <summary>
/// Binary cross-entropy on probabilities, summed over the features of an example:
/// <c>ℓ = −Σ_j [y_j·log ŷ_j + (1 − y_j)·log(1 − ŷ_j)]</c>, each log clamped at −100 as PyTorch does, so the loss is
/// finite at ŷ = 0 and ŷ = 1.
/// </summary>
/// <remarks>Shape: y, yhat (N, K) → (N). Gradient: <c>(ŷ − y) / max(ŷ(1 − ŷ), 1e-12) / N</c>.</remarks>
public sealed class BCELoss : Loss
{
    internal const float LogFloor = -100f;

    /// <inheritdoc />
    protected override float Example(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat)
    {
        float s = 0f;
        for (int j = 0; j < y.Length; j++)
        {
            float logP = MathF.Max(MathF.Log(yhat[j]), LogFloor);
            float log1mP = MathF.Max(MathF.Log(1f - yhat[j]), LogFloor);
            s -= y[j] * logP + (1f - y[j]) * log1mP;
        }
        return s;
    }

    /// <inheritdoc />
    protected override void ExampleGradient(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, float scale, Span<float> grad)
    {
        for (int j = 0; j < y.Length; j++)
        {
            float p = yhat[j];
            grad[j] = scale * (p - y[j]) / MathF.Max(p * (1f - p), 1e-12f);
        }
    }
}
