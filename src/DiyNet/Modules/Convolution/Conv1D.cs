using DiyNet.Tensors;

namespace DiyNet.Modules;

/// <summary>
/// 1-D convolution over channels-last sequences: <c>y[n, o, :] = b + Σ_(k, c) x[n, o·s − p + k, c]·W[k, c, :]</c>
/// (zero padding p, cross-correlation as in PyTorch), computed as im2col + one matrix multiply.
/// </summary>
/// <remarks>Shape: input (N, length, chanIn) → output (N, ⌊(length + 2p − kSize)/s⌋ + 1, chanOut);
/// W is (kSize, chanIn, chanOut), b is (chanOut).</remarks>
public sealed class Conv1D : Convolution
{
    /// <summary>Creates the layer and initializes it with <paramref name="init"/>.</summary>
    /// <param name="kSize">Kernel length.</param>
    /// <param name="chanIn">Input channels.</param>
    /// <param name="chanOut">Output channels (number of kernels).</param>
    /// <param name="stride">Step between windows.</param>
    /// <param name="padding">Zeros added at both ends.</param>
    /// <param name="bias">Whether to learn one bias per output channel.</param>
    /// <param name="init">The initializer (default U(±1/√(kSize·chanIn)), as PyTorch).</param>
    /// <param name="random">Source of the initial values; <see cref="Rng.Fork"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or the stride is not positive, or the padding is negative.</exception>
    public Conv1D(int kSize, int chanIn, int chanOut, int stride = 1, int padding = 0, bool bias = true,
        Init init = Init.Default, Random? random = null)
        : base(1, false, kSize, chanIn, chanOut, stride, padding, 0, bias, init, random)
    {
    }
}
