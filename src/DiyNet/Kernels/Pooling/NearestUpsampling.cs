using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DiyNet.Kernels;

/// <summary>Nearest-neighbour upsampling of channels-last images by integer factors, and its adjoint.</summary>
internal static class NearestUpsampling
{
    /// <summary><c>y[n, h, w, c] = x[n, ⌊h / scaleHeight⌋, ⌊w / scaleWidth⌋, c]</c>; output (N, H·scaleHeight,
    /// W·scaleWidth, C), overwritten.</summary>
    /// <exception cref="ArgumentException">A size is not positive or a span is too short.</exception>
    public static void Forward(int batch, int height, int width, int channels, int scaleHeight, int scaleWidth,
        ReadOnlySpan<float> images, Span<float> output)
    {
        Check("NearestUpsampling.Forward", batch, height, width, channels, scaleHeight, scaleWidth, images.Length, output.Length);
        ref float x = ref MemoryMarshal.GetReference(images);
        ref float y = ref MemoryMarshal.GetReference(output);
        int c = channels, outRow = width * scaleWidth * c;
        int o = 0, i = 0;
        for (int n = 0; n < batch; n++)
            for (int h = 0; h < height; h++)
            {
                int rowStart = o;
                for (int w = 0; w < width; w++, i += c)
                    for (int b = 0; b < scaleWidth; b++, o += c)
                        ShortSpans.Copy(ref Unsafe.Add(ref x, i), ref Unsafe.Add(ref y, o), c);
                for (int a = 1; a < scaleHeight; a++, o += outRow)
                    ShortSpans.Copy(ref Unsafe.Add(ref y, rowStart), ref Unsafe.Add(ref y, o), outRow);
            }
    }

    /// <summary>The adjoint: <c>∂x[n, h, w, c] = Σ_(a &lt; scaleHeight, b &lt; scaleWidth) δ[n, h·scaleHeight + a,
    /// w·scaleWidth + b, c]</c>, overwriting <paramref name="gradImages"/> (N, H, W, C).</summary>
    /// <exception cref="ArgumentException">A size is not positive or a span is too short.</exception>
    public static void Backward(int batch, int height, int width, int channels, int scaleHeight, int scaleWidth,
        ReadOnlySpan<float> delta, Span<float> gradImages)
    {
        Check("NearestUpsampling.Backward", batch, height, width, channels, scaleHeight, scaleWidth, gradImages.Length, delta.Length);
        gradImages.Slice(0, batch * height * width * channels).Clear();
        ref float d = ref MemoryMarshal.GetReference(delta);
        ref float gx = ref MemoryMarshal.GetReference(gradImages);
        int c = channels, outRow = width * scaleWidth * c;
        int o = 0, i = 0;
        for (int n = 0; n < batch; n++)
            for (int h = 0; h < height; h++, i += width * c)
                for (int a = 0; a < scaleHeight; a++)
                    for (int w = 0; w < width; w++)
                        for (int b = 0; b < scaleWidth; b++, o += c)
                            ShortSpans.Add(ref Unsafe.Add(ref d, o), ref Unsafe.Add(ref gx, i + w * c), c);
    }

    private static void Check(string kernel, int batch, int height, int width, int channels, int scaleHeight, int scaleWidth,
        int imageLength, int outputLength)
    {
        if (batch < 0 || height <= 0 || width <= 0 || channels <= 0 || scaleHeight <= 0 || scaleWidth <= 0)
            throw new ArgumentException($"{kernel}: batch {batch}, image {height}×{width}×{channels} and scale {scaleHeight}×{scaleWidth} must be positive.");
        long image = (long)height * width * channels;
        Window2D.CheckLength(kernel, "images", imageLength, batch * image);
        Window2D.CheckLength(kernel, "output", outputLength, batch * image * scaleHeight * scaleWidth);
    }
}
