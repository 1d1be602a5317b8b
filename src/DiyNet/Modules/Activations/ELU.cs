using DiyNet.Tensors;
using System.Globalization;

namespace DiyNet.Modules;

/// <summary>
/// Exponential linear unit, as <c>torch.nn.ELU</c>: <c>y = x</c> for x &gt; 0, <c>y = α·(eˣ − 1)</c> otherwise;
/// <c>∂x = δ</c> for x &gt; 0, <c>δ·(y + α)</c> otherwise. Shape: any → same.
/// </summary>
public sealed class ELU : Activation
{
    /// <summary>Creates the activation with saturation <paramref name="alpha"/> (PyTorch's default 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not finite.</exception>
    public ELU(float alpha = 1f)
    {
        if (!float.IsFinite(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "ELU: alpha must be finite.");
        Alpha = alpha;
    }

    /// <summary>The value −α that the output approaches for large negative inputs.</summary>
    public float Alpha { get; }

    /// <inheritdoc />
    protected override void Apply(Tensor input, Tensor output)
    {
        ReadOnlySpan<float> x = input.Span;
        Span<float> y = output.Span;
        for (int i = 0; i < y.Length; i++) y[i] = x[i] > 0f ? x[i] : Alpha * (MathF.Exp(x[i]) - 1f);
    }

    /// <inheritdoc />
    protected override void Derive(Tensor input, Tensor output, Tensor delta, Tensor gradInput)
    {
        ReadOnlySpan<float> x = input.Span, y = output.Span, d = delta.Span;
        Span<float> g = gradInput.Span;
        for (int i = 0; i < g.Length; i++) g[i] = x[i] > 0f ? d[i] : d[i] * (y[i] + Alpha);
    }

    /// <inheritdoc />
    public override string ToString() => $"ELU({Alpha.ToString(CultureInfo.InvariantCulture)})";
}
