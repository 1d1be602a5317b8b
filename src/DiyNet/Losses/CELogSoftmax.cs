using System.Numerics.Tensors;

namespace DiyNet;

/// <summary>
/// Cross-entropy on raw scores, with the log-softmax fused in:
/// <c>ℓ = −Σ_j y_j·z_j + (Σ_j y_j)·log Σ_k e^(z_k)</c>, computed max-shifted so that it is finite and exact for
/// scores of any magnitude (±1e4 included).
/// </summary>
/// <remarks>Shape: y (one-hot or soft targets), z (N, K) → (N). Gradient: <c>(softmax(z)·Σ_j y_j − y)/N</c>.</remarks>
public sealed class CELogSoftmax : Loss
{
    /// <inheritdoc />
    protected override float Example(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat)
    {
        // (Σ y)·log Σ e^(z − max) − Σ y·(z − max): every exponent ≤ 0, so the sum lies in [1, K].
        Span<float> shifted = Scratch(y.Length);
        float max = TensorPrimitives.Max(yhat);
        TensorPrimitives.Subtract(yhat, max, shifted);
        float dot = TensorPrimitives.Dot(y, shifted);
        TensorPrimitives.Exp(shifted, shifted);
        return TensorPrimitives.Sum(y) * MathF.Log(TensorPrimitives.Sum(shifted)) - dot;
    }

    /// <inheritdoc />
    protected override void ExampleGradient(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, float scale, Span<float> grad)
    {
        Softmax.RowSoftmax(yhat, grad);
        TensorPrimitives.Multiply(grad, scale * TensorPrimitives.Sum(y), grad);
        TensorPrimitives.MultiplyAdd(y, -scale, grad, grad);
    }
}
