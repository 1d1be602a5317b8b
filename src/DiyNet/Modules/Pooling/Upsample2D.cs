namespace DiyNet.Modules;

/// <summary>Nearest-neighbour 2-D upsampling of channels-last images: <c>y[n, h, w, c] = x[n, ⌊h/s⌋, ⌊w/s⌋, c]</c>.</summary>
/// <remarks>Shape: input (N, H, W, C) → output (N, s·H, s·W, C).</remarks>
public sealed class Upsample2D : Upsampling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="scale">Copies of each pixel along each axis.</param>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not positive.</exception>
    public Upsample2D(int scale = 2) : base(2, scale)
    {
    }
}
