using System.Numerics.Tensors;

namespace DiyNet.Losses;

/// <summary>Squared error, summed over the features of an example: <c>ℓ = Σ_j (y_j − ŷ_j)²</c>.</summary>
/// <remarks>Shape: y, yhat (N, K) or any (N, …) → (N). Gradient of the mean: <c>2(ŷ − y)/N</c>.</remarks>
public sealed class MSELoss : Loss
{
    /// <inheritdoc />
    protected override float Example(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat)
    {
        Span<float> difference = Scratch(y.Length);
        TensorPrimitives.Subtract(y, yhat, difference);
        return TensorPrimitives.SumOfSquares(difference);
    }

    /// <inheritdoc />
    protected override void ExampleGradient(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, float scale, Span<float> grad)
    {
        TensorPrimitives.Subtract(yhat, y, grad);
        TensorPrimitives.Multiply(grad, 2f * scale, grad);
    }
}
