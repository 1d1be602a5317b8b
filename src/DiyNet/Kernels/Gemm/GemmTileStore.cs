namespace DiyNet.Kernels;

/// <summary>How a micro-kernel writes its tile of accumulated products <c>acc</c> into C.</summary>
internal enum GemmTileStore
{
    /// <summary><c>C = acc</c>, α not applied (edge tiles go through a scratch tile this way).</summary>
    Raw,

    /// <summary><c>C = α·acc</c> (the first k-block when β = 0: C is never read, NaN included).</summary>
    Overwrite,

    /// <summary><c>C = α·acc + C</c> with one rounding (later k-blocks, or β = 1).</summary>
    Accumulate,
}
