namespace DiyNet.Kernels;

/// <summary>
/// How the kernels of a convolution are stored, as the matrix operand of the products over the unfolded windows
/// (a patch is the kH·kW·C values of one window; "channels" are the channels of the rows, one per kernel).
/// </summary>
internal enum WeightLayout
{
    /// <summary>(kH·kW·C, channels) row-major, i.e. (kH, kW, C, channels): a convolution's weights.</summary>
    PatchByChannel,

    /// <summary>(channels, kH·kW·C) row-major, i.e. (channels, kH, kW, C): a transposed convolution's weights.</summary>
    ChannelByPatch,
}
