namespace DiyNet.Serialization;

/// <summary>The layout change of one tensor between DiyNet and PyTorch (<see cref="PyTorchLayout"/>).</summary>
internal enum LayoutKind
{
    /// <summary>A Linear weight: (in, out) ↔ (out, in), with optional channel permutations.</summary>
    Linear,

    /// <summary>A bias, possibly with its entries permuted from (position, channel) to (channel, position).</summary>
    Vector,

    /// <summary>(k, in, out) ↔ (out, in, k).</summary>
    Conv1D,

    /// <summary>(kh, kw, in, out) ↔ (out, in, kh, kw).</summary>
    Conv2D,

    /// <summary>(in, k, out) ↔ (in, out, k).</summary>
    ConvTranspose1D,

    /// <summary>(in, kh, kw, out) ↔ (in, out, kh, kw).</summary>
    ConvTranspose2D,
}
