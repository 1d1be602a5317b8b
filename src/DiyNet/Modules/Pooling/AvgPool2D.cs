namespace DiyNet.Modules;

/// <summary>2-D average pooling over channels-last images:
/// <c>y[n, oh, ow, c] = (1/k²) Σ_(kh, kw) x[n, oh·s + kh, ow·s + kw, c]</c>.</summary>
/// <remarks>Shape: input (N, H, W, C) → output (N, ⌊(H − k)/s⌋ + 1, ⌊(W − k)/s⌋ + 1, C) (floor mode).</remarks>
public sealed class AvgPool2D : AvgPooling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="kSize">Window height and width.</param>
    /// <param name="stride">Step between windows; <paramref name="kSize"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The window size or the stride is not positive.</exception>
    public AvgPool2D(int kSize, int? stride = null) : base(2, kSize, stride)
    {
    }
}
