using DiyNet.Tensors;

namespace DiyNet.Modules;

/// <summary>Leaky ReLU: <c>y = x</c> for x &gt; 0, <c>y = slope·x</c> otherwise. Shape: any → same.</summary>
public sealed class LeakyReLU : Activation
{
    /// <summary>Creates the activation with the given negative slope (PyTorch's default 0.01).</summary>
    public LeakyReLU(float negativeSlope = 0.01f) => NegativeSlope = negativeSlope;

    /// <summary>The slope for negative inputs.</summary>
    public float NegativeSlope { get; }

    /// <inheritdoc />
    protected override void Apply(Tensor input, Tensor output)
    {
        ReadOnlySpan<float> x = input.Span;
        Span<float> y = output.Span;
        for (int i = 0; i < y.Length; i++) y[i] = x[i] > 0f ? x[i] : NegativeSlope * x[i];
    }

    /// <inheritdoc />
    protected override void Derive(Tensor input, Tensor output, Tensor delta, Tensor gradInput)
    {
        ReadOnlySpan<float> x = input.Span, d = delta.Span;
        Span<float> g = gradInput.Span;
        for (int i = 0; i < g.Length; i++) g[i] = x[i] > 0f ? d[i] : NegativeSlope * d[i];
    }

    /// <inheritdoc />
    public override string ToString() => $"LeakyReLU({NegativeSlope.ToString(System.Globalization.CultureInfo.InvariantCulture)})";
}
