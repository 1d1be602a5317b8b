using System.Numerics.Tensors;
using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;

namespace DiyNet.Losses;

/// <summary>
/// Binary cross-entropy on probabilities, summed over the features of an example:
/// <c>ℓ = −Σ_j [y_j·log ŷ_j + (1 − y_j)·log(1 − ŷ_j)]</c>, each log clamped at −100 as PyTorch does, so the loss is
/// finite at ŷ = 0 and ŷ = 1.
/// </summary>
/// <remarks>Shape: y, yhat (N, K) or any (N, …) → (N). Gradient: <c>(ŷ − y) / max(ŷ(1 − ŷ), 1e-12) / N</c>.</remarks>
public sealed class BCELoss : Loss
{
    internal const float LogFloor = -100f;

    internal override string? ExplainNonFinite(Tensor y, Tensor yhat) =>
        OutsideProbabilities(yhat, "End the network with a Sigmoid, or feed the raw scores to a loss that takes them.");

    /// <inheritdoc />
    protected override float Example(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat)
    {
        // −Σ [y·log ŷ + (1 − y)·log(1 − ŷ)] = −(Σ y·(log ŷ − log(1 − ŷ)) + Σ log(1 − ŷ)), logs clamped.
        Span<float> logP = Scratch(2 * y.Length);
        Span<float> log1mP = logP.Slice(y.Length);
        logP = logP.Slice(0, y.Length);
        TensorPrimitives.Log(yhat, logP);
        TensorPrimitives.Max(logP, LogFloor, logP);
        TensorPrimitives.Subtract(1f, yhat, log1mP);
        TensorPrimitives.Log(log1mP, log1mP);
        TensorPrimitives.Max(log1mP, LogFloor, log1mP);
        float sumLog1mP = TensorPrimitives.Sum(log1mP);
        TensorPrimitives.Subtract(logP, log1mP, logP);
        return -(TensorPrimitives.Dot(y, logP) + sumLog1mP);
    }

    /// <inheritdoc />
    protected override void ExampleGradient(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, float scale, Span<float> grad)
    {
        Span<float> variance = Scratch(y.Length);
        TensorPrimitives.Subtract(1f, yhat, variance);
        TensorPrimitives.Multiply(variance, yhat, variance);
        TensorPrimitives.Max(variance, 1e-12f, variance);
        TensorPrimitives.Subtract(yhat, y, grad);
        TensorPrimitives.Divide(grad, variance, grad);
        TensorPrimitives.Multiply(grad, scale, grad);
    }
}
