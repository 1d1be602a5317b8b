using DiyNet.Tensors;

namespace DiyNet.Data;

/// <summary>
/// The course's artificial data sets (<c>gen_arti</c> of the course's tools), seeded: two Gaussians, four Gaussians
/// in an XOR layout, the checkerboard ("échiquier"), and 1-D linear regression with noise.
/// </summary>
/// <remarks>
/// Classification sets return labels in {0, 1}; <see cref="LabeledPoints.SignedTargets"/> gives the course's ±1 and
/// <see cref="LabeledPoints.BinaryTargets"/> the (N, 1) {0, 1} targets for a Sigmoid + BCE network.
/// </remarks>
public static class Synthetic
{
    /// <summary>
    /// Two Gaussian blobs centred at (c, c) (label 1) and (−c, −c) (label 0), per-axis variance
    /// <paramref name="variance"/>, plus positional noise of standard deviation <paramref name="noise"/>.
    /// </summary>
    public static LabeledPoints TwoGaussians(int count, int seed, float center = 1f, float variance = 0.1f, float noise = 0.02f)
    {
        var random = new Random(seed);
        float std = MathF.Sqrt(variance);
        var x = new Tensor(count, 2);
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int label = i < count / 2 ? 1 : 0;
            float c = label == 1 ? center : -center;
            x[i, 0] = c + std * random.NextGaussian();
            x[i, 1] = c + std * random.NextGaussian();
            labels[i] = label;
        }
        return Finish(x, labels, noise, random);
    }

    /// <summary>
    /// Four Gaussian blobs at (±c, ±c) in an XOR layout: (c, c) and (−c, −c) are label 1, (−c, c) and (c, −c) label 0.
    /// Not linearly separable.
    /// </summary>
    public static LabeledPoints FourGaussians(int count, int seed, float center = 1f, float variance = 0.1f, float noise = 0.02f)
    {
        var random = new Random(seed);
        float std = MathF.Sqrt(variance);
        var x = new Tensor(count, 2);
        var labels = new int[count];
        (float X, float Y, int Label)[] centers = [(center, center, 1), (-center, -center, 1), (-center, center, 0), (center, -center, 0)];
        for (int i = 0; i < count; i++)
        {
            var (cx, cy, label) = centers[Math.Min(i * 4 / Math.Max(count, 1), 3)];
            x[i, 0] = cx + std * random.NextGaussian();
            x[i, 1] = cy + std * random.NextGaussian();
            labels[i] = label;
        }
        return Finish(x, labels, noise, random);
    }

    /// <summary>
    /// The checkerboard: points uniform in [−half, half]², label = parity of ⌈x⌉ + ⌈y⌉ (unit squares, 8×8 cells for
    /// half = 4), then positional noise of standard deviation <paramref name="noise"/> — so points near a cell border
    /// may carry the label of the neighbouring cell (the Bayes accuracy is below 1).
    /// </summary>
    public static LabeledPoints Checkerboard(int count, int seed, float half = 4f, float noise = 0.02f)
    {
        var random = new Random(seed);
        var x = new Tensor(count, 2);
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            float a = random.NextUniform(-half, half), b = random.NextUniform(-half, half);
            x[i, 0] = a;
            x[i, 1] = b;
            labels[i] = CheckerboardLabel(a, b);
        }
        return Finish(x, labels, noise, random);
    }

    /// <summary>The checkerboard's label of a point: parity of ⌈x⌉ + ⌈y⌉.</summary>
    public static int CheckerboardLabel(float x, float y) => (((int)MathF.Ceiling(x) + (int)MathF.Ceiling(y)) % 2 + 2) % 2;

    /// <summary>
    /// 1-D linear regression: x uniform in [−range, range], y = slope·x + intercept + N(0, noise²).
    /// Returns X (N, 1) and Y (N, 1).
    /// </summary>
    public static (Tensor X, Tensor Y) LinearRegression(int count, int seed, float slope = 2f, float intercept = 0.5f,
        float noise = 1f, float range = 3f)
    {
        var random = new Random(seed);
        var x = new Tensor(count, 1);
        var y = new Tensor(count, 1);
        for (int i = 0; i < count; i++)
        {
            float v = random.NextUniform(-range, range);
            x[i, 0] = v;
            y[i, 0] = slope * v + intercept + noise * random.NextGaussian();
        }
        return (x, y);
    }

    private static LabeledPoints Finish(Tensor x, int[] labels, float noise, Random random)
    {
        int n = labels.Length;
        Span<float> s = x.Span;
        for (int i = 0; i < s.Length; i++) s[i] += noise * random.NextGaussian();
        // shuffle rows, as the course's generator does
        var order = new int[n];
        random.Permutation(order);
        var shuffled = new Tensor(n, 2);
        var shuffledLabels = new int[n];
        for (int i = 0; i < n; i++)
        {
            shuffled[i, 0] = x[order[i], 0];
            shuffled[i, 1] = x[order[i], 1];
            shuffledLabels[i] = labels[order[i]];
        }
        return new LabeledPoints(shuffled, shuffledLabels);
    }
}
