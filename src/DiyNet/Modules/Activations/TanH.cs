using System.Numerics.Tensors;

namespace DiyNet;

/// <summary>Hyperbolic tangent: <c>y = tanh(x)</c>, <c>∂x = δ·(1 − y²)</c>. Shape: any → same.</summary>
public sealed class TanH : Activation
{
    /// <inheritdoc />
    protected override void Apply(Tensor input, Tensor output) => TensorPrimitives.Tanh(input.Span, output.Span);

    /// <inheritdoc />
    protected override void Derive(Tensor input, Tensor output, Tensor delta, Tensor gradInput)
    {
        ReadOnlySpan<float> y = output.Span, d = delta.Span;
        Span<float> g = gradInput.Span;
        for (int i = 0; i < g.Length; i++) g[i] = d[i] * (1f - y[i] * y[i]);
    }
}
