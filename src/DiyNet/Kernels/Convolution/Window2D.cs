namespace DiyNet.Kernels;

/// <summary>
/// The geometry of a 2-D sliding window (convolution or pooling) over a batch of channels-last images
/// (N, Height, Width, Channels): kernel size, stride and zero padding per axis, and the output size they give,
/// <c>out = ⌊(in + 2·pad − kernel) / stride⌋ + 1</c> (floor mode, as PyTorch). A 1-D window is the case
/// Height = KernelHeight = 1.
/// </summary>
internal readonly record struct Window2D
{
    /// <summary>Describes the window and checks that it fits the padded image.</summary>
    /// <exception cref="ArgumentException">A size is not positive, a padding is negative, or the kernel is larger
    /// than the padded image.</exception>
    public Window2D(int height, int width, int channels, int kernelHeight, int kernelWidth,
        int strideHeight, int strideWidth, int padHeight, int padWidth)
    {
        if (height <= 0 || width <= 0 || channels <= 0)
            throw new ArgumentException($"Window2D: image {height}×{width}×{channels} must have positive sizes.");
        if (kernelHeight <= 0 || kernelWidth <= 0 || strideHeight <= 0 || strideWidth <= 0)
            throw new ArgumentException($"Window2D: kernel {kernelHeight}×{kernelWidth} and stride {strideHeight}×{strideWidth} must be positive.");
        if (padHeight < 0 || padWidth < 0)
            throw new ArgumentException($"Window2D: padding {padHeight}×{padWidth} must not be negative.");
        if (height + 2 * padHeight < kernelHeight || width + 2 * padWidth < kernelWidth)
            throw new ArgumentException($"Window2D: kernel {kernelHeight}×{kernelWidth} is larger than the padded image {height + 2 * padHeight}×{width + 2 * padWidth}.");
        Height = height; Width = width; Channels = channels;
        KernelHeight = kernelHeight; KernelWidth = kernelWidth;
        StrideHeight = strideHeight; StrideWidth = strideWidth;
        PadHeight = padHeight; PadWidth = padWidth;
        OutHeight = (height + 2 * padHeight - kernelHeight) / strideHeight + 1;
        OutWidth = (width + 2 * padWidth - kernelWidth) / strideWidth + 1;
    }

    /// <summary>Input height.</summary>
    public int Height { get; }
    /// <summary>Input width.</summary>
    public int Width { get; }
    /// <summary>Channels of the input (the last axis).</summary>
    public int Channels { get; }
    /// <summary>Kernel height.</summary>
    public int KernelHeight { get; }
    /// <summary>Kernel width.</summary>
    public int KernelWidth { get; }
    /// <summary>Vertical stride.</summary>
    public int StrideHeight { get; }
    /// <summary>Horizontal stride.</summary>
    public int StrideWidth { get; }
    /// <summary>Zero rows added above and below.</summary>
    public int PadHeight { get; }
    /// <summary>Zero columns added left and right.</summary>
    public int PadWidth { get; }
    /// <summary>Output height, <c>⌊(Height + 2·PadHeight − KernelHeight) / StrideHeight⌋ + 1</c>.</summary>
    public int OutHeight { get; }
    /// <summary>Output width, <c>⌊(Width + 2·PadWidth − KernelWidth) / StrideWidth⌋ + 1</c>.</summary>
    public int OutWidth { get; }

    /// <summary>Values in one input image: Height·Width·Channels.</summary>
    public int ImageSize => Height * Width * Channels;
    /// <summary>Window positions per image: OutHeight·OutWidth.</summary>
    public int Positions => OutHeight * OutWidth;
    /// <summary>Values in one window (one im2col row): KernelHeight·KernelWidth·Channels.</summary>
    public int PatchSize => KernelHeight * KernelWidth * Channels;
    /// <summary>True when no padding is used.</summary>
    public bool Unpadded => PadHeight == 0 && PadWidth == 0;

    /// <summary>The output columns [lo, hi) whose windows lie inside the image width (no padding read).</summary>
    internal static void InteriorColumns(in Window2D g, out int lo, out int hi)
    {
        lo = Math.Min(g.OutWidth, (g.PadWidth + g.StrideWidth - 1) / g.StrideWidth);
        int last = g.Width + g.PadWidth - g.KernelWidth;
        hi = last < 0 ? lo : Math.Max(lo, Math.Min(g.OutWidth, last / g.StrideWidth + 1));
    }

    /// <summary>Throws when <paramref name="actual"/> is shorter than <paramref name="needed"/>.</summary>
    internal static void CheckLength(string kernel, string name, int actual, long needed)
    {
        if (actual < needed) throw new ArgumentException($"{kernel}: {name} has {actual} values, needs {needed}.");
    }
}
