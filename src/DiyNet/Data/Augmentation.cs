using DiyNet.Tensors;

namespace DiyNet.Data;

/// <summary>Data augmentation for image data sets: deterministic copies that a network should be invariant to.</summary>
public static class Augmentation
{
    /// <summary>
    /// The data set followed by copies of every image shifted by one step of <paramref name="shift"/> pixels up, down,
    /// left and right (vacated pixels are 0): five times the examples, same labels. A one-pixel shift is the classic
    /// augmentation for handwritten digits.
    /// </summary>
    /// <exception cref="ArgumentException">The data set has no image size, or the shift is not positive.</exception>
    public static Dataset Shifted(Dataset data, int shift = 1)
    {
        var (h, w) = data.ImageSize ?? throw new ArgumentException($"Augmentation.Shifted: {data.Name} has no image size.");
        if (shift <= 0) throw new ArgumentException($"Augmentation.Shifted: shift must be positive, got {shift}.");
        int channels = data.FeatureCount / (h * w);
        (int Dy, int Dx)[] moves = [(0, 0), (shift, 0), (-shift, 0), (0, shift), (0, -shift)];
        int n = data.Count;
        var x = new Tensor(n * moves.Length, data.FeatureCount);
        var labels = new int[n * moves.Length];
        for (int m = 0; m < moves.Length; m++)
            for (int i = 0; i < n; i++)
            {
                Shift(data.X.Row(i), x.Row(m * n + i), h, w, channels, moves[m].Dy, moves[m].Dx);
                labels[m * n + i] = data.Labels[i];
            }
        return new Dataset(x, labels, data.ClassCount, data.Name + " (shifted ×5)", data.ImageSize, data.ClassNames);
    }

    /// <summary>Writes <paramref name="source"/> (h×w×c, channels last) moved by (dy, dx) into <paramref name="destination"/>.</summary>
    public static void Shift(ReadOnlySpan<float> source, Span<float> destination, int h, int w, int channels, int dy, int dx)
    {
        destination.Clear();
        for (int y = Math.Max(0, dy); y < Math.Min(h, h + dy); y++)
        {
            int sy = y - dy;
            int x0 = Math.Max(0, dx), x1 = Math.Min(w, w + dx);
            if (x1 <= x0) continue;
            source.Slice((sy * w + x0 - dx) * channels, (x1 - x0) * channels).CopyTo(destination.Slice((y * w + x0) * channels, (x1 - x0) * channels));
        }
    }

    /// <summary>
    /// Writes into <paramref name="destination"/> the h×w single-channel image <paramref name="source"/> rotated by
    /// <paramref name="degrees"/>, scaled by <paramref name="scale"/> about the image centre, then moved by
    /// (<paramref name="dy"/>, <paramref name="dx"/>) pixels: each destination pixel d reads the source at
    /// <c>c + R(−θ)·(d − c − t)/s</c>, bilinear, 0 outside the image.
    /// </summary>
    /// <exception cref="ArgumentException">A span is not h·w long, or the scale is not positive.</exception>
    public static void Affine(ReadOnlySpan<float> source, Span<float> destination, int h, int w, double degrees, double scale, double dy, double dx)
    {
        if (h <= 0 || w <= 0 || source.Length != h * w || destination.Length != h * w)
            throw new ArgumentException($"Augmentation.Affine: expected source and destination of {h}×{w} = {h * w} pixels, got {source.Length} and {destination.Length}.");
        if (!(scale > 0)) throw new ArgumentException($"Augmentation.Affine: the scale must be positive, got {scale}.");
        if (source.Overlaps(destination)) throw new ArgumentException("Augmentation.Affine: source and destination must not overlap.");
        double angle = degrees * Math.PI / 180;
        double cos = Math.Cos(angle) / scale, sin = Math.Sin(angle) / scale;
        double cy = (h - 1) / 2.0, cx = (w - 1) / 2.0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                double u = x - cx - dx, v = y - cy - dy;
                double sx = cos * u + sin * v + cx, sy = -sin * u + cos * v + cy;
                int x0 = (int)Math.Floor(sx), y0 = (int)Math.Floor(sy);
                double fx = sx - x0, fy = sy - y0;
                double value = Pixel(source, h, w, y0, x0) * (1 - fx) * (1 - fy) + Pixel(source, h, w, y0, x0 + 1) * fx * (1 - fy)
                             + Pixel(source, h, w, y0 + 1, x0) * (1 - fx) * fy + Pixel(source, h, w, y0 + 1, x0 + 1) * fx * fy;
                destination[y * w + x] = (float)value;
            }
    }

    /// <summary>
    /// <see cref="Affine"/> with parameters drawn uniformly from <paramref name="random"/>: rotation in ±<paramref name="maxDegrees"/>,
    /// scale in 1 ± <paramref name="maxScale"/>, shift in ±<paramref name="maxShift"/> pixels on each axis (four draws per image).
    /// </summary>
    /// <exception cref="ArgumentException">A span is not h·w long, or a range is negative (or the scale range reaches 0).</exception>
    public static void RandomAffine(ReadOnlySpan<float> source, Span<float> destination, int h, int w, double maxDegrees, double maxScale, double maxShift, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (maxDegrees < 0 || maxShift < 0 || maxScale < 0 || maxScale >= 1)
            throw new ArgumentException($"Augmentation.RandomAffine: expected maxDegrees ≥ 0, 0 ≤ maxScale < 1, maxShift ≥ 0, got {maxDegrees}, {maxScale}, {maxShift}.");
        double degrees = (random.NextDouble() * 2 - 1) * maxDegrees;
        double scale = 1 + (random.NextDouble() * 2 - 1) * maxScale;
        double dx = (random.NextDouble() * 2 - 1) * maxShift;
        double dy = (random.NextDouble() * 2 - 1) * maxShift;
        Affine(source, destination, h, w, degrees, scale, dy, dx);
    }

    /// <summary>Masking noise: sets each value of <paramref name="values"/> to 0 with probability <paramref name="probability"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The probability is not in [0, 1].</exception>
    public static void Mask(Span<float> values, double probability, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(probability >= 0 && probability <= 1)) throw new ArgumentOutOfRangeException(nameof(probability), probability, "Augmentation.Mask: the probability must be in [0, 1].");
        for (int i = 0; i < values.Length; i++)
            if (random.NextDouble() < probability) values[i] = 0f;
    }

    private static double Pixel(ReadOnlySpan<float> image, int h, int w, int y, int x) =>
        (uint)y < (uint)h && (uint)x < (uint)w ? image[y * w + x] : 0.0;
}
