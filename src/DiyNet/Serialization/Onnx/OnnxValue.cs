using DiyNet.Tensors;

namespace DiyNet.Serialization;

/// <summary>
/// A value of the ONNX graph being built: its name, what DiyNet computes there for a probe batch of one example (its
/// shape is the DiyNet shape, channels last), and whether the ONNX tensor of that name holds the data channels-first
/// (after a Transpose for a convolution or pooling node) rather than in DiyNet's channels-last order.
/// </summary>
internal sealed record OnnxValue(string Name, Tensor Probe, bool ChannelsFirst)
{
    /// <summary>The rank of the data (batch axis included).</summary>
    public int Rank => Probe.Rank;
}
