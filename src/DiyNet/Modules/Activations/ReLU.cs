using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;
using DiyNet.Kernels;

namespace DiyNet.Modules;

/// <summary>Rectified linear unit: <c>y = max(0, x)</c>, <c>∂x = δ·[x &gt; 0]</c> (0 at x = 0, as PyTorch). Shape: any → same.</summary>
public sealed class ReLU : Activation
{
    /// <inheritdoc />
    protected override void Apply(Tensor input, Tensor output) => TensorPrimitives.Max(input.Span, 0f, output.Span);

    /// <summary>The derivative reads the input only.</summary>
    protected override bool DerivativeNeedsOutput => false;

    /// <inheritdoc />
    protected override void Derive(Tensor input, Tensor output, Tensor delta, Tensor gradInput) =>
        Elementwise.ReluGradient(input.Span, delta.Span, gradInput.Span);
}
