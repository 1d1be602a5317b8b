namespace DiyNet;

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
}
