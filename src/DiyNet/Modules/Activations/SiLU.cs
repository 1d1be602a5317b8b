using DiyNet.Tensors;
using System.Numerics.Tensors;
using Tensor = DiyNet.Tensors.Tensor;

namespace DiyNet.Modules;

/// <summary>
/// Sigmoid-weighted linear unit (swish), as <c>torch.nn.SiLU</c>: <c>y = x·σ(x)</c>;
/// <c>∂x = δ·σ(x)·(1 + x·(1 − σ(x)))</c>. Shape: any → same.
/// </summary>
public sealed class SiLU : Activation
{
    /// <inheritdoc />
    protected override void Apply(Tensor input, Tensor output)
    {
        TensorPrimitives.Sigmoid(input.Span, output.Span);
        TensorPrimitives.Multiply(output.Span, input.Span, output.Span);
    }

    /// <inheritdoc />
    protected override void Derive(Tensor input, Tensor output, Tensor delta, Tensor gradInput)
    {
        ReadOnlySpan<float> x = input.Span, d = delta.Span;
        Span<float> g = gradInput.Span;
        TensorPrimitives.Sigmoid(x, g);
        for (int i = 0; i < g.Length; i++)
        {
            float s = g[i];
            g[i] = d[i] * s * (1f + x[i] * (1f - s));
        }
    }
}
