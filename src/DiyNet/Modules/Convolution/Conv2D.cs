using DiyNet.Tensors;

namespace DiyNet.Modules;

/// <summary>
/// 2-D convolution over channels-last images: <c>y[n, oh, ow, :] = b + Σ_(kh, kw, c) x[n, oh·s − p + kh, ow·s − p + kw, c]·W[kh, kw, c, :]</c>
/// (zero padding p, cross-correlation as in PyTorch), computed as im2col + one matrix multiply.
/// </summary>
/// <remarks>Shape: input (N, H, W, chanIn) → output (N, ⌊(H + 2p − k)/s⌋ + 1, ⌊(W + 2p − k)/s⌋ + 1, chanOut);
/// W is (kSize, kSize, chanIn, chanOut), b is (chanOut).</remarks>
public sealed class Conv2D : Convolution
{
    /// <summary>Creates the layer and initializes it with <paramref name="init"/>.</summary>
    /// <param name="kSize">Kernel height and width.</param>
    /// <param name="chanIn">Input channels.</param>
    /// <param name="chanOut">Output channels (number of kernels).</param>
    /// <param name="stride">Step between windows.</param>
    /// <param name="padding">Zeros added on each side of both spatial axes.</param>
    /// <param name="bias">Whether to learn one bias per output channel.</param>
    /// <param name="init">The initializer (default U(±1/√(k·k·chanIn)), as PyTorch).</param>
    /// <param name="random">Source of the initial values; <see cref="Rng.Fork"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or the stride is not positive, or the padding is negative.</exception>
    public Conv2D(int kSize, int chanIn, int chanOut, int stride = 1, int padding = 0, bool bias = true,
        Init init = Init.Default, Random? random = null)
        : base(2, false, kSize, chanIn, chanOut, stride, padding, 0, bias, init, random)
    {
    }
}
