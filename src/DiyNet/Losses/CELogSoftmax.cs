using System.Numerics.Tensors;

namespace DiyNet.Losses;

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
        Span<float> loss = stackalloc float[1];
        Examples(y, yhat, 1, y.Length, loss);
        return loss[0];
    }

    /// <inheritdoc />
    protected override void ExampleGradient(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, float scale, Span<float> grad) =>
        ExampleGradients(y, yhat, 1, y.Length, scale, grad);

    /// <summary>
    /// (Σ y)·log Σ e^(z − max) − Σ y·(z − max) per row: every exponent ≤ 0, so each sum lies in [1, K]. The
    /// exponentials of the whole batch go through one vectorized call (rows of 10 scores are too short for
    /// per-row calls to pay).
    /// </summary>
    protected override void Examples(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, int n, int k, Span<float> losses)
    {
        if (k == 0)
        {
            losses.Slice(0, n).Clear();
            return;
        }
        Span<float> shifted = Scratch(n * k);
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> z = yhat.Slice(i * k, k), t = y.Slice(i * k, k);
            Span<float> e = shifted.Slice(i * k, k);
            float max = RowMax(z), dot = 0f;
            for (int j = 0; j < k; j++)
            {
                e[j] = z[j] - max;
                dot += t[j] * e[j];
            }
            losses[i] = -dot;
        }
        TensorPrimitives.Exp(shifted, shifted);
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> t = y.Slice(i * k, k), e = shifted.Slice(i * k, k);
            float sum = 0f, ySum = 0f;
            for (int j = 0; j < k; j++)
            {
                sum += e[j];
                ySum += t[j];
            }
            losses[i] += ySum * MathF.Log(sum);
        }
    }

    /// <summary>(softmax(z)·Σ y − y)·scale per row, the exponentials of the batch in one vectorized call.</summary>
    protected override void ExampleGradients(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, int n, int k, float scale, Span<float> grad)
    {
        if (k == 0) return;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> z = yhat.Slice(i * k, k);
            Span<float> g = grad.Slice(i * k, k);
            float max = RowMax(z);
            for (int j = 0; j < k; j++) g[j] = z[j] - max;
        }
        TensorPrimitives.Exp(grad.Slice(0, n * k), grad.Slice(0, n * k));
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> t = y.Slice(i * k, k);
            Span<float> g = grad.Slice(i * k, k);
            float sum = 0f, ySum = 0f;
            for (int j = 0; j < k; j++)
            {
                sum += g[j];
                ySum += t[j];
            }
            float a = scale * ySum / sum;
            for (int j = 0; j < k; j++) g[j] = a * g[j] - scale * t[j];
        }
    }

    private static float RowMax(ReadOnlySpan<float> z)
    {
        float max = z[0];
        for (int j = 1; j < z.Length; j++) max = MathF.Max(max, z[j]);
        return max;
    }
}
