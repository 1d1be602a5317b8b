using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;
using DiyNet.Kernels;

namespace DiyNet.Modules;

/// <summary>Logistic sigmoid: <c>y = 1/(1+e^(−x))</c>, <c>∂x = δ·y·(1 − y)</c>. Shape: any → same.</summary>
public sealed class Sigmoid : Activation
{
    /// <inheritdoc />
    protected override void Apply(Tensor input, Tensor output)
    {
        if (input.Length > 0) TensorPrimitives.Sigmoid(input.Span, output.Span);   // it refuses empty spans (N = 0)
    }

    /// <inheritdoc />
    protected override void Derive(Tensor input, Tensor output, Tensor delta, Tensor gradInput) =>
        Elementwise.SigmoidGradient(output.Span, delta.Span, gradInput.Span);
}
