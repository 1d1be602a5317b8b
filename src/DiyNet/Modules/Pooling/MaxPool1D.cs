namespace DiyNet.Modules;

/// <summary>
/// 1-D max pooling over channels-last sequences: <c>y[n, o, c] = max_k x[n, o·s + k, c]</c>.
/// The gradient goes to the first maximum of each window (ties, as PyTorch); overlapping windows add up.
/// </summary>
/// <remarks>Shape: input (N, length, C) → output (N, ⌊(length − kSize)/s⌋ + 1, C) (floor mode).</remarks>
public sealed class MaxPool1D : MaxPooling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="kSize">Window length.</param>
    /// <param name="stride">Step between windows; <paramref name="kSize"/> when null (non-overlapping windows).</param>
    /// <exception cref="ArgumentOutOfRangeException">The window size or the stride is not positive.</exception>
    public MaxPool1D(int kSize, int? stride = null) : base(1, kSize, stride)
    {
    }
}
