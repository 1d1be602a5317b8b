using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;

namespace DiyNet.Modules;

/// <summary>
/// Softmax over the last axis: <c>y_j = e^(x_j) / Σ_k e^(x_k)</c> (max-shifted, stable), with the full Jacobian in
/// backward: <c>∂x = y ⊙ (δ − Σ_j δ_j·y_j)</c>. Shape: (N, K) → (N, K).
/// </summary>
public sealed class Softmax : Activation
{
    /// <inheritdoc />
    protected override void CheckInput(Tensor input) => Require(input.Rank == 2, "input", "(N, K)", input);

    /// <inheritdoc />
    protected override void Apply(Tensor input, Tensor output)
    {
        for (int i = 0; i < input.Dim(0); i++) RowSoftmax(input.Row(i), output.Row(i));
    }

    /// <summary>Writes the softmax of <paramref name="x"/> into <paramref name="y"/>.</summary>
    internal static void RowSoftmax(ReadOnlySpan<float> x, Span<float> y)
    {
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Exp(y, y);
        float sum = TensorPrimitives.Sum(y);
        TensorPrimitives.Divide(y, sum, y);
    }

    /// <inheritdoc />
    protected override void Derive(Tensor input, Tensor output, Tensor delta, Tensor gradInput)
    {
        for (int i = 0; i < input.Dim(0); i++)
        {
            ReadOnlySpan<float> y = output.Row(i), d = delta.Row(i);
            Span<float> g = gradInput.Row(i);
            float dot = TensorPrimitives.Dot(d, y);
            TensorPrimitives.Subtract(d, dot, g);
            TensorPrimitives.Multiply(g, y, g);
        }
    }
}
