using DiyNet.Tensors;
using DiyNet;

namespace DiyNet.Tests.Analysis;

/// <summary>Seeded Gaussian blobs: <paramref name="sizes"/>[c] points around <c>centers[c]</c> with standard deviation <paramref name="std"/>.</summary>
internal static class Blobs
{
    public static (Tensor X, int[] Labels) Make(int seed, float[][] centers, int[] sizes, float std)
    {
        var random = new Random(seed);
        int dim = centers[0].Length, n = sizes.Sum();
        var x = new Tensor(n, dim);
        var labels = new int[n];
        int i = 0;
        for (int c = 0; c < centers.Length; c++)
            for (int s = 0; s < sizes[c]; s++, i++)
            {
                labels[i] = c;
                for (int j = 0; j < dim; j++) x[i, j] = centers[c][j] + std * random.NextGaussian();
            }
        return (x, labels);
    }

    /// <summary>k centres at distance <paramref name="spread"/> along distinct axes of a <paramref name="dim"/>-dimensional space.</summary>
    public static float[][] AxisCenters(int k, int dim, float spread)
    {
        var centers = new float[k][];
        for (int c = 0; c < k; c++)
        {
            centers[c] = new float[dim];
            centers[c][c % dim] = spread * (1 + c / dim);
        }
        return centers;
    }

    /// <summary>True when the two labelings induce the same partition (equal up to a renaming of the clusters).</summary>
    public static bool SamePartition(int[] a, int[] b)
    {
        if (a.Length != b.Length) return false;
        var forward = new Dictionary<int, int>();
        var backward = new Dictionary<int, int>();
        for (int i = 0; i < a.Length; i++)
        {
            if (forward.TryGetValue(a[i], out int fb) && fb != b[i]) return false;
            if (backward.TryGetValue(b[i], out int ba) && ba != a[i]) return false;
            forward[a[i]] = b[i];
            backward[b[i]] = a[i];
        }
        return true;
    }
}
