using DiyNet.Tensors;
using DiyNet.Kernels;

namespace DiyNet.Modules;

/// <summary>
/// Shapes of channels-last batches with one spatial axis (N, L, C) or two (N, H, W, C), seen uniformly as images
/// (N, H, W, C) with H = 1 in 1-D, so that every 1-D module runs on the 2-D kernels.
/// </summary>
internal static class Spatial
{
    /// <summary>The expected layout as text, e.g. <c>(N, H, W, 16)</c>.</summary>
    public static string Layout(int rank, string channels) => rank == 1 ? $"(N, L, {channels})" : $"(N, H, W, {channels})";

    /// <summary>The expected layout with a lower bound on the spatial sizes, e.g. <c>(N, H, W, 1) with H, W ≥ 5</c>.</summary>
    public static string Layout(int rank, string channels, int minimum) =>
        $"{Layout(rank, channels)} with {(rank == 1 ? "L" : "H, W")} ≥ {minimum}";

    /// <summary>True when <paramref name="input"/> has rank 2 + <paramref name="rank"/> and the given channel count
    /// (any count when <paramref name="channels"/> is 0).</summary>
    public static bool HasLayout(Tensor input, int rank, int channels) =>
        input.Rank == rank + 2 && (channels == 0 || input.Dim(-1) == channels);

    /// <summary>Height of the image view (1 for 1-D).</summary>
    public static int Height(Tensor input, int rank) => rank == 1 ? 1 : input.Dim(1);

    /// <summary>Width of the image view (the length for 1-D).</summary>
    public static int Width(Tensor input, int rank) => input.Dim(rank == 1 ? 1 : 2);

    /// <summary>Writes the shape (N, [H,] W, C) of a batch of the given rank into <paramref name="shape"/>.</summary>
    public static void Shape(int rank, int n, int height, int width, int channels, Span<int> shape)
    {
        shape[0] = n;
        if (rank == 1) { shape[1] = width; shape[2] = channels; }
        else { shape[1] = height; shape[2] = width; shape[3] = channels; }
    }

    /// <summary>The sliding window of a module with square kernel, stride and padding, in the image view.</summary>
    public static Window2D Window(int rank, int height, int width, int channels, int kSize, int stride, int padding) =>
        rank == 1
            ? new Window2D(1, width, channels, 1, kSize, 1, stride, 0, padding)
            : new Window2D(height, width, channels, kSize, kSize, stride, stride, padding, padding);

    /// <summary>Text of a kernel size: <c>3</c> in 1-D, <c>3×3</c> in 2-D.</summary>
    public static string Kernel(int rank, int kSize) => rank == 1 ? $"{kSize}" : $"{kSize}×{kSize}";

    /// <summary>True when im2col is the identity (1×1 kernel with stride 1, or one window over the whole image,
    /// without padding): the images are then their own columns.</summary>
    public static bool ColumnsAreImages(in Window2D g) =>
        g.Unpadded && ((g.KernelHeight == 1 && g.KernelWidth == 1 && g.StrideHeight == 1 && g.StrideWidth == 1)
                       || (g.KernelHeight == g.Height && g.KernelWidth == g.Width));
}
