using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;
using DiyNet.Kernels;

namespace DiyNet.Modules;

/// <summary>Hyperbolic tangent: <c>y = tanh(x)</c>, <c>∂x = δ·(1 − y²)</c>. Shape: any → same.</summary>
public sealed class TanH : Activation
{
    /// <inheritdoc />
    protected override void Apply(Tensor input, Tensor output) => TensorPrimitives.Tanh(input.Span, output.Span);

    /// <inheritdoc />
    protected override void Derive(Tensor input, Tensor output, Tensor delta, Tensor gradInput) =>
        Elementwise.TanhGradient(output.Span, delta.Span, gradInput.Span);
}
