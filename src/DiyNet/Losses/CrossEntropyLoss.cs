using DiyNet.Modules;

namespace DiyNet.Losses;

/// <summary>
/// Cross-entropy on probabilities (the output of a <see cref="Softmax"/>), as in the reports:
/// <c>ℓ = −Σ_j y_j·log ŷ_j</c>, the log clamped at −100 so that ŷ = 0 stays finite.
/// </summary>
/// <remarks>
/// Shape: y (one-hot or soft targets), yhat (N, K) → (N). Gradient: <c>−y/(max(ŷ, e^−100)·N)</c>.
/// Prefer <see cref="CELogSoftmax"/> on raw scores: it is fused and stable.
/// </remarks>
public sealed class CrossEntropyLoss : Loss
{
    /// <inheritdoc />
    protected override float Example(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat)
    {
        float s = 0f;
        for (int j = 0; j < y.Length; j++)
            if (y[j] != 0f) s -= y[j] * MathF.Max(MathF.Log(yhat[j]), BCELoss.LogFloor);
        return s;
    }

    /// <inheritdoc />
    protected override void ExampleGradient(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, float scale, Span<float> grad)
    {
        for (int j = 0; j < y.Length; j++)
            grad[j] = y[j] == 0f ? 0f : -scale * y[j] / MathF.Max(yhat[j], 1e-30f);
    }
}
