namespace DiyNet.Modules;

/// <summary>
/// 2-D max pooling over channels-last images: <c>y[n, oh, ow, c] = max_(kh, kw) x[n, oh·s + kh, ow·s + kw, c]</c>.
/// The gradient goes to the first maximum of each window in scan order (ties, as PyTorch); overlapping windows add up.
/// </summary>
/// <remarks>Shape: input (N, H, W, C) → output (N, ⌊(H − k)/s⌋ + 1, ⌊(W − k)/s⌋ + 1, C) (floor mode).</remarks>
public sealed class MaxPool2D : MaxPooling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="kSize">Window height and width.</param>
    /// <param name="stride">Step between windows; <paramref name="kSize"/> when null (non-overlapping windows).</param>
    /// <exception cref="ArgumentOutOfRangeException">The window size or the stride is not positive.</exception>
    public MaxPool2D(int kSize, int? stride = null) : base(2, kSize, stride)
    {
    }
}
