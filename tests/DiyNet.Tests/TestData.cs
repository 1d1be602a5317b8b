using DiyNet.Tensors;
using DiyNet;

namespace DiyNet.Tests;

/// <summary>Seeded random tensors for tests.</summary>
internal static class TestData
{
    public static Tensor Uniform(int seed, float low, float high, params int[] shape)
    {
        var t = new Tensor(shape);
        new Random(seed).FillUniform(t.Span, low, high);
        return t;
    }

    /// <summary>Uniform values whose magnitude is at least <paramref name="gap"/> (away from kinks at 0).</summary>
    public static Tensor AwayFromZero(int seed, float gap, params int[] shape)
    {
        var t = Uniform(seed, -1f, 1f, shape);
        var s = t.Span;
        for (int i = 0; i < s.Length; i++) s[i] = MathF.Sign(s[i] == 0 ? 1 : s[i]) * (gap + MathF.Abs(s[i]));
        return t;
    }

    public static Tensor OneHot(int seed, int n, int k)
    {
        var r = new Random(seed);
        var t = new Tensor(n, k);
        for (int i = 0; i < n; i++) t[i, r.Next(k)] = 1f;
        return t;
    }

    /// <summary>A random permutation of the values gap·(i − n/2) for i &lt; n: no ties, neighbours at least gap apart
    /// (for max pooling, whose gradient check needs every maximum clear by more than the step).</summary>
    public static Tensor Distinct(int seed, float gap, params int[] shape)
    {
        var t = new Tensor(shape);
        var s = t.Span;
        var order = new int[s.Length];
        new Random(seed).Permutation(order);
        for (int i = 0; i < s.Length; i++) s[i] = gap * (order[i] - s.Length / 2);
        return t;
    }
}
