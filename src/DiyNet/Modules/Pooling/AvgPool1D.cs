namespace DiyNet.Modules;

/// <summary>1-D average pooling over channels-last sequences: <c>y[n, o, c] = (1/kSize) Σ_k x[n, o·s + k, c]</c>.</summary>
/// <remarks>Shape: input (N, length, C) → output (N, ⌊(length − kSize)/s⌋ + 1, C) (floor mode).</remarks>
public sealed class AvgPool1D : AvgPooling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="kSize">Window length.</param>
    /// <param name="stride">Step between windows; <paramref name="kSize"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The window size or the stride is not positive.</exception>
    public AvgPool1D(int kSize, int? stride = null) : base(1, kSize, stride)
    {
    }
}
