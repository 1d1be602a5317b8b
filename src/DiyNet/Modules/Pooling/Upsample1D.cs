namespace DiyNet.Modules;

/// <summary>Nearest-neighbour 1-D upsampling of channels-last sequences: <c>y[n, i, c] = x[n, ⌊i/s⌋, c]</c>.</summary>
/// <remarks>Shape: input (N, length, C) → output (N, s·length, C).</remarks>
public sealed class Upsample1D : Upsampling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="scale">Copies of each position.</param>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not positive.</exception>
    public Upsample1D(int scale = 2) : base(1, scale)
    {
    }
}
