using DiyNet.Tensors;
using System.Globalization;

namespace DiyNet.Modules;

/// <summary>
/// Softplus, as <c>torch.nn.Softplus</c>: <c>y = log(1 + e^{βx})/β</c>, and <c>y = x</c> where <c>βx &gt; threshold</c>
/// (for stability); <c>∂x = δ·σ(βx)</c> (δ above the threshold). Shape: any → same.
/// </summary>
public sealed class Softplus : Activation
{
    /// <summary>Creates the activation (PyTorch's defaults β = 1, threshold 20).</summary>
    /// <exception cref="ArgumentOutOfRangeException">β is not positive and finite, or the threshold is not finite.</exception>
    public Softplus(float beta = 1f, float threshold = 20f)
    {
        if (!(beta > 0f) || !float.IsFinite(beta)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "Softplus: beta must be positive and finite.");
        if (!float.IsFinite(threshold)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "Softplus: the threshold must be finite.");
        Beta = beta;
        Threshold = threshold;
    }

    /// <summary>The sharpness β.</summary>
    public float Beta { get; }

    /// <summary>Above this value of βx the output is x itself.</summary>
    public float Threshold { get; }

    /// <inheritdoc />
    protected override void Apply(Tensor input, Tensor output)
    {
        ReadOnlySpan<float> x = input.Span;
        Span<float> y = output.Span;
        for (int i = 0; i < y.Length; i++)
        {
            float bx = Beta * x[i];
            y[i] = bx > Threshold ? x[i] : (float)(Math.Log(1.0 + Math.Exp(bx)) / Beta);
        }
    }

    /// <inheritdoc />
    protected override void Derive(Tensor input, Tensor output, Tensor delta, Tensor gradInput)
    {
        ReadOnlySpan<float> x = input.Span, d = delta.Span;
        Span<float> g = gradInput.Span;
        for (int i = 0; i < g.Length; i++)
        {
            float bx = Beta * x[i];
            g[i] = bx > Threshold ? d[i] : d[i] / (1f + MathF.Exp(-bx));
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Softplus(beta {Beta.ToString(CultureInfo.InvariantCulture)}, threshold {Threshold.ToString(CultureInfo.InvariantCulture)})";
}
