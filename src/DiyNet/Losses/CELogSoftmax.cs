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
        float max = TensorPrimitives.Max(yhat);
        double sumExp = 0, dot = 0, ySum = 0;
        for (int j = 0; j < y.Length; j++)
        {
            sumExp += Math.Exp(yhat[j] - max);
            dot += (double)y[j] * (yhat[j] - max);
            ySum += y[j];
        }
        return (float)(ySum * Math.Log(sumExp) - dot);
    }

    /// <inheritdoc />
    protected override void ExampleGradient(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, float scale, Span<float> grad)
    {
        Softmax.RowSoftmax(yhat, grad);
        float ySum = TensorPrimitives.Sum(y);
        for (int j = 0; j < y.Length; j++) grad[j] = scale * (grad[j] * ySum - y[j]);
    }
}
