using DiyNet.Modules;
using DiyNet.Tensors;

namespace DiyNet.Losses;

/// <summary>
/// Cross-entropy on probabilities (the output of a <see cref="Softmax"/>), as in the reports:
/// <c>ℓ = −Σ_j y_j·max(log ŷ_j, −100)</c>: the log is clamped at −100 (as PyTorch's BCELoss does), so that ŷ = 0
/// gives a finite loss.
/// </summary>
/// <remarks>
/// Shape: y (one-hot or soft targets), yhat (N, K) → (N). Gradient: the derivative of the clamped loss,
/// <c>−y/(ŷ·N)</c> where <c>log ŷ ≥ −100</c> and 0 where the clamp holds (as PyTorch's
/// <c>−(y·log(ŷ).clamp(min=−100)).sum()</c> for ŷ &gt; 0; at ŷ = 0 PyTorch's autograd gives 0/0, this gives 0).
/// Prefer <see cref="CELogSoftmax"/> on raw scores: it is fused and stable.
/// </remarks>
public sealed class CrossEntropyLoss : Loss
{
    internal override string? ExplainNonFinite(Tensor y, Tensor yhat) =>
        OutsideProbabilities(yhat, "End the network with a Softmax, or use CELogSoftmax, which takes raw scores.");

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
            grad[j] = y[j] == 0f || MathF.Log(yhat[j]) < BCELoss.LogFloor ? 0f : -scale * y[j] / yhat[j];
    }
}
