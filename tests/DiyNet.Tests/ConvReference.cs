using DiyNet.Modules;

namespace DiyNet.Tests;

/// <summary>Direct, loop-by-definition references for the convolution and pooling tests (double precision).</summary>
internal static class ConvReference
{
    /// <summary>y[n, oh, ow, o] = b[o] + Σ x[n, oh·s − p + kh, ow·s − p + kw, c]·w[kh, kw, c, o] (zero outside).</summary>
    public static double[] Conv2D(float[] x, int n, int h, int wd, int c, float[] w, float[]? b, int k, int co, int s, int p,
        out int oh, out int ow)
    {
        oh = (h + 2 * p - k) / s + 1;
        ow = (wd + 2 * p - k) / s + 1;
        var y = new double[n * oh * ow * co];
        for (int i = 0; i < n; i++)
            for (int r = 0; r < oh; r++)
                for (int q = 0; q < ow; q++)
                    for (int o = 0; o < co; o++)
                    {
                        double sum = b is null ? 0 : b[o];
                        for (int kh = 0; kh < k; kh++)
                            for (int kw = 0; kw < k; kw++)
                            {
                                int ih = r * s - p + kh, iw = q * s - p + kw;
                                if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                                for (int ci = 0; ci < c; ci++)
                                    sum += (double)x[((i * h + ih) * wd + iw) * c + ci] * w[((kh * k + kw) * c + ci) * co + o];
                            }
                        y[((i * oh + r) * ow + q) * co + o] = sum;
                    }
        return y;
    }

    /// <summary>Scatter definition: y[n, i·s − p + kh, j·s − p + kw, o] += x[n, i, j, c]·w[c, kh, kw, o], plus b[o].</summary>
    public static double[] ConvTranspose2D(float[] x, int n, int h, int wd, int c, float[] w, float[]? b, int k, int co,
        int s, int p, int op, out int oh, out int ow)
    {
        oh = (h - 1) * s - 2 * p + k + op;
        ow = (wd - 1) * s - 2 * p + k + op;
        var y = new double[n * oh * ow * co];
        for (int i = 0; i < n; i++)
            for (int r = 0; r < oh; r++)
                for (int q = 0; q < ow; q++)
                    for (int o = 0; o < co; o++)
                        y[((i * oh + r) * ow + q) * co + o] = b is null ? 0 : b[o];
        for (int i = 0; i < n; i++)
            for (int r = 0; r < h; r++)
                for (int q = 0; q < wd; q++)
                    for (int kh = 0; kh < k; kh++)
                        for (int kw = 0; kw < k; kw++)
                        {
                            int yr = r * s - p + kh, yq = q * s - p + kw;
                            if (yr < 0 || yr >= oh || yq < 0 || yq >= ow) continue;
                            for (int ci = 0; ci < c; ci++)
                                for (int o = 0; o < co; o++)
                                    y[((i * oh + yr) * ow + yq) * co + o] +=
                                        (double)x[((i * h + r) * wd + q) * c + ci] * w[((ci * k + kh) * k + kw) * co + o];
                        }
        return y;
    }

    /// <summary>Largest |a − b| / max(1, |b|).</summary>
    public static double MaxError(ReadOnlySpan<float> actual, double[] expected)
    {
        if (actual.Length != expected.Length) return double.PositiveInfinity;
        double worst = 0;
        for (int i = 0; i < actual.Length; i++)
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]) / Math.Max(1, Math.Abs(expected[i])));
        return worst;
    }
}
