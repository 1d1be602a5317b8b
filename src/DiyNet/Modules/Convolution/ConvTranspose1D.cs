using DiyNet.Tensors;

namespace DiyNet.Modules;

/// <summary>
/// 1-D transposed convolution over channels-last sequences, the adjoint of <see cref="Conv1D"/> (as PyTorch's
/// ConvTranspose1d): each input position i adds <c>x[n, i, c]·W[c, k, :]</c> at output position <c>i·s − p + k</c>,
/// then the bias is added.
/// </summary>
/// <remarks>Shape: input (N, length, chanIn) → output (N, (length − 1)·s − 2p + kSize + outputPadding, chanOut);
/// W is (chanIn, kSize, chanOut), b is (chanOut).</remarks>
public sealed class ConvTranspose1D : Convolution
{
    /// <summary>Creates the layer and initializes it with <paramref name="init"/>.</summary>
    /// <param name="kSize">Kernel length.</param>
    /// <param name="chanIn">Input channels.</param>
    /// <param name="chanOut">Output channels.</param>
    /// <param name="stride">Upsampling step.</param>
    /// <param name="padding">Positions cropped from both ends of the full output.</param>
    /// <param name="outputPadding">Extra positions at the end, in [0, stride).</param>
    /// <param name="bias">Whether to learn one bias per output channel.</param>
    /// <param name="init">The initializer (default U(±1/√(kSize·chanOut)), as PyTorch).</param>
    /// <param name="random">Source of the initial values; <see cref="Rng.Fork"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or the stride is not positive, the padding is negative,
    /// or the output padding is not in [0, stride).</exception>
    public ConvTranspose1D(int kSize, int chanIn, int chanOut, int stride = 1, int padding = 0, int outputPadding = 0,
        bool bias = true, Init init = Init.Default, Random? random = null)
        : base(1, true, kSize, chanIn, chanOut, stride, padding, outputPadding, bias, init, random)
    {
    }
}
