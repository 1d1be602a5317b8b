using DiyNet.Tensors;

namespace DiyNet.Modules;

/// <summary>
/// 2-D transposed convolution over channels-last images, the adjoint of <see cref="Conv2D"/> (as PyTorch's
/// ConvTranspose2d): each input pixel adds <c>x[n, i, j, c]·W[c, kh, kw, :]</c> at output position
/// <c>(i·s − p + kh, j·s − p + kw)</c>, then the bias is added. The decoder's upsampling layer.
/// </summary>
/// <remarks>Shape: input (N, H, W, chanIn) → output (N, (H − 1)·s − 2p + k + outputPadding,
/// (W − 1)·s − 2p + k + outputPadding, chanOut); W is (chanIn, kSize, kSize, chanOut), b is (chanOut).</remarks>
public sealed class ConvTranspose2D : Convolution
{
    /// <summary>Creates the layer and initializes it with <paramref name="init"/>.</summary>
    /// <param name="kSize">Kernel height and width.</param>
    /// <param name="chanIn">Input channels.</param>
    /// <param name="chanOut">Output channels.</param>
    /// <param name="stride">Upsampling step.</param>
    /// <param name="padding">Rows and columns cropped from each border of the full output.</param>
    /// <param name="outputPadding">Extra rows and columns at the bottom and right, in [0, stride).</param>
    /// <param name="bias">Whether to learn one bias per output channel.</param>
    /// <param name="init">The initializer (default U(±1/√(k·k·chanOut)), as PyTorch).</param>
    /// <param name="random">Source of the initial values; <see cref="Rng.Fork"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or the stride is not positive, the padding is negative,
    /// or the output padding is not in [0, stride).</exception>
    public ConvTranspose2D(int kSize, int chanIn, int chanOut, int stride = 1, int padding = 0, int outputPadding = 0,
        bool bias = true, Init init = Init.Default, Random? random = null)
        : base(2, true, kSize, chanIn, chanOut, stride, padding, outputPadding, bias, init, random)
    {
    }
}
