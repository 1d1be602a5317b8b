namespace DiyNet;

/// <summary>Squared error, summed over the features of an example: <c>ℓ = Σ_j (y_j − ŷ_j)²</c>.</summary>
/// <remarks>Shape: y, yhat (N, K) → (N). Gradient of the mean: <c>2(ŷ − y)/N</c>.</remarks>
public sealed class MSELoss : Loss
{
    /// <inheritdoc />
    protected override float Example(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat)
    {
        float s = 0f;
        for (int j = 0; j < y.Length; j++) { float d = y[j] - yhat[j]; s += d * d; }
        return s;
    }

    /// <inheritdoc />
    protected override void ExampleGradient(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, float scale, Span<float> grad)
    {
        float s = 2f * scale;
        for (int j = 0; j < y.Length; j++) grad[j] = s * (yhat[j] - y[j]);
    }
}
