using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;
using DiyNet.Kernels;

namespace DiyNet.Analysis;

/// <summary>
/// Principal component analysis: the eigenvectors of the covariance <c>C = (X − μ)ᵀ(X − μ) / (N − 1)</c> with the
/// largest eigenvalues; <see cref="Transform"/> projects <c>z = (x − μ)·Wᵀ</c> onto them.
/// </summary>
/// <remarks>
/// The covariance is accumulated in double and decomposed by Jacobi rotations (all d eigenvalues: O(N·d² + d³)).
/// Each component's sign is fixed so that its largest-magnitude coordinate is positive.
/// </remarks>
public sealed class Pca
{
    private readonly float[] _componentsTransposed;

    private Pca(Tensor mean, Tensor components, double[] variance, double totalVariance)
    {
        Mean = mean;
        Components = components;
        ExplainedVariance = variance;
        TotalVariance = totalVariance;
        ExplainedVarianceRatio = variance.Select(v => totalVariance > 0 ? v / totalVariance : 0).ToArray();
        int k = components.Dim(0), d = components.Dim(1);
        _componentsTransposed = new float[d * k];
        PairwiseDistance.Transpose(components.Span, k, d, _componentsTransposed);
    }

    /// <summary>Fits <paramref name="components"/> principal axes to the rows of <paramref name="x"/>.</summary>
    /// <param name="x">Data, shape (N, d) with N ≥ 2.</param>
    /// <param name="components">Number of axes kept, 1 ≤ k ≤ d.</param>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not (N, d) with N ≥ 2, or k is out of range.</exception>
    public static Pca Fit(Tensor x, int components)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 2 || x.Dim(0) < 2)
            throw new ArgumentException($"Pca: data must be (N, d) with N ≥ 2, got {x.ShapeString}.", nameof(x));
        int n = x.Dim(0), d = x.Dim(1);
        if (components < 1 || components > d)
            throw new ArgumentOutOfRangeException(nameof(components), components, $"Pca: components must be in [1, {d}].");
        var mean = new double[d];
        var row = new double[d];
        for (int i = 0; i < n; i++)
        {
            ToDouble(x.Row(i), row);
            TensorPrimitives.Add(mean, row, mean);
        }
        TensorPrimitives.Multiply(mean, 1.0 / n, mean);
        var covariance = new double[d * d];
        for (int i = 0; i < n; i++)
        {
            ToDouble(x.Row(i), row);
            TensorPrimitives.Subtract(row, mean, row);
            for (int a = 0; a < d; a++)
                if (row[a] != 0) TensorPrimitives.MultiplyAdd(row, row[a], covariance.AsSpan(a * d, d), covariance.AsSpan(a * d, d));
        }
        TensorPrimitives.Multiply(covariance, 1.0 / (n - 1), covariance);
        double total = 0;
        for (int a = 0; a < d; a++) total += covariance[a * d + a];

        var (values, vectors) = SymmetricEigen.Decompose(covariance, d);
        var axes = new Tensor(components, d);
        for (int c = 0; c < components; c++)
        {
            Span<double> v = vectors.AsSpan(c * d, d);
            double sign = v[TensorPrimitives.IndexOfMaxMagnitude((ReadOnlySpan<double>)v)] < 0 ? -1 : 1;
            for (int j = 0; j < d; j++) axes[c, j] = (float)(sign * v[j]);
        }
        var meanTensor = new Tensor(d);
        for (int j = 0; j < d; j++) meanTensor.Span[j] = (float)mean[j];
        return new Pca(meanTensor, axes, values.Take(components).Select(v => Math.Max(v, 0)).ToArray(), total);
    }

    /// <summary>The mean μ of the data, shape (d).</summary>
    public Tensor Mean { get; }

    /// <summary>The principal axes W as unit rows, by decreasing variance: shape (k, d).</summary>
    public Tensor Components { get; }

    /// <summary>Variance of the data along each axis (the covariance eigenvalues).</summary>
    public double[] ExplainedVariance { get; }

    /// <summary>Share of the total variance along each axis; the shares sum to at most 1.</summary>
    public double[] ExplainedVarianceRatio { get; }

    /// <summary>Total variance of the data (the trace of the covariance).</summary>
    public double TotalVariance { get; }

    /// <summary>Projects the rows of <paramref name="x"/>: <c>z = (x − μ)·Wᵀ</c>.</summary>
    /// <remarks>Shape: (N, d) → (N, k).</remarks>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not (N, d).</exception>
    public Tensor Transform(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int k = Components.Dim(0), d = Components.Dim(1);
        if (x.Rank != 2 || x.Dim(1) != d)
            throw new ArgumentException($"Pca.Transform: data must be (N, {d}), got {x.ShapeString}.", nameof(x));
        int n = x.Dim(0);
        var centered = new float[n * d];
        for (int i = 0; i < n; i++) TensorPrimitives.Subtract(x.Row(i), Mean.Span, centered.AsSpan(i * d, d));
        var z = new Tensor(n, k);
        Gemm.Multiply(false, false, n, k, d, 1f, centered, d, _componentsTransposed, k, 0f, z.Span, k);
        return z;
    }

    private static void ToDouble(ReadOnlySpan<float> source, Span<double> destination)
    {
        for (int i = 0; i < source.Length; i++) destination[i] = source[i];
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Pca({Components.Dim(1)} → {Components.Dim(0)}, explained {ExplainedVarianceRatio.Sum():P1})";
}
