namespace DiyNet.Kernels;

/// <summary>
/// One max-pooling pass cut into parts of whole images for <see cref="KernelThreads"/>: the images, the output (or the
/// output's gradient), the positions of the maxima and the input gradient, pinned by the caller. Each part reads and
/// writes only its own images' values, so the result never depends on the thread count.
/// </summary>
internal unsafe struct MaxPoolJob
{
    /// <summary>The pooling window (no padding).</summary>
    public Window2D Window;

    /// <summary>Images in the batch, and parts it is cut into.</summary>
    public int Batch, Parts;

    /// <summary>Forward: images (N, H, W, C) and output (N, OH, OW, C). Backward: the output's gradient and the input gradient.</summary>
    public float* Images, Output, GradImages, Delta;

    /// <summary>The index in the images of each output's maximum.</summary>
    public int* Argmax;

    /// <summary>The images [first, last) of a part: the batch cut into Parts nearly equal runs.</summary>
    public readonly void ImageRange(int part, out int first, out int last) =>
        KernelThreads.PartRange(Batch, Parts, part, out first, out last);
}
