using DiyNet.Kernels;
using DiyNet.Tensors;

namespace DiyNet.Modules;

/// <summary>
/// Gaussian error linear unit in its exact form, as <c>torch.nn.GELU()</c> (approximate='none'):
/// <c>y = x·Φ(x) = ½·x·(1 + erf(x/√2))</c>; <c>∂x = δ·(Φ(x) + x·φ(x))</c> with φ the standard normal density.
/// Shape: any → same.
/// </summary>
public sealed class GELU : Activation
{
    /// <inheritdoc />
    protected override void Apply(Tensor input, Tensor output)
    {
        ReadOnlySpan<float> x = input.Span;
        Span<float> y = output.Span;
        for (int i = 0; i < y.Length; i++) y[i] = (float)(x[i] * SpecialFunctions.NormalCdf(x[i]));
    }

    /// <inheritdoc />
    protected override void Derive(Tensor input, Tensor output, Tensor delta, Tensor gradInput)
    {
        ReadOnlySpan<float> x = input.Span, d = delta.Span;
        Span<float> g = gradInput.Span;
        for (int i = 0; i < g.Length; i++)
        {
            double xi = x[i];
            double density = SpecialFunctions.InverseSqrt2Pi * Math.Exp(-0.5 * xi * xi);
            g[i] = (float)(d[i] * (SpecialFunctions.NormalCdf(xi) + xi * density));
        }
    }
}
