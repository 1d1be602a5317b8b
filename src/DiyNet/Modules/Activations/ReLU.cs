using System.Numerics.Tensors;

namespace DiyNet;

/// <summary>Rectified linear unit: <c>y = max(0, x)</c>, <c>∂x = δ·[x &gt; 0]</c> (0 at x = 0, as PyTorch). Shape: any → same.</summary>
public sealed class ReLU : Activation
{
    /// <inheritdoc />
    protected override void Apply(Tensor input, Tensor output) => TensorPrimitives.Max(input.Span, 0f, output.Span);

    /// <inheritdoc />
    protected override void Derive(Tensor input, Tensor output, Tensor delta, Tensor gradInput)
    {
        ReadOnlySpan<float> x = input.Span, d = delta.Span;
        Span<float> g = gradInput.Span;
        for (int i = 0; i < g.Length; i++) g[i] = x[i] > 0f ? d[i] : 0f;
    }
}
