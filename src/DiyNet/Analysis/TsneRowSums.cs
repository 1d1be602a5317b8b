namespace DiyNet.Kernels;

/// <summary>The per-point sums of <see cref="TsneKernel.Row"/>.</summary>
internal record struct TsneRowSums(float AttractionX, float AttractionY, float RepulsionX, float RepulsionY, float KernelSum);
