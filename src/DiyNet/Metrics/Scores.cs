using DiyNet.Tensors;
using System.Numerics.Tensors;
using Tensor = DiyNet.Tensors.Tensor;

namespace DiyNet.Metrics;

/// <summary>
/// Scores of predictions against the truth: accuracy, R², mean squared error, the class labels read from network
/// outputs, and the rule that says which targets are class targets. The library's one accuracy and one class-target
/// rule: the training loop and <c>Evaluator</c> use these. The tensor overloads fit the metric delegate of
/// <c>GridSearch</c> (<c>Func&lt;Tensor, Tensor, double&gt;</c>).
/// </summary>
public static class Scores
{
    /// <summary>Fraction of positions where <paramref name="predicted"/> equals <paramref name="truth"/>: <c>(1/N)·Σ [ŷᵢ = yᵢ]</c>.</summary>
    /// <exception cref="ArgumentException">The lengths differ, or both are empty.</exception>
    public static double Accuracy(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        CheckLengths(truth.Length, predicted.Length, "Accuracy");
        int hits = 0;
        for (int i = 0; i < truth.Length; i++) hits += truth[i] == predicted[i] ? 1 : 0;
        return (double)hits / truth.Length;
    }

    /// <summary>
    /// Accuracy of network outputs against targets, both read with <see cref="Labels"/>: arg-max of each row for
    /// K ≥ 2 columns (one-hot targets, scores or probabilities); for one column, the same side of 0.5
    /// (probabilities), or of 0 when a target is negative (±1 labels).
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ or there are no rows.</exception>
    public static double Accuracy(Tensor yTrue, Tensor yPred)
    {
        CheckShapes(yTrue, yPred, "Accuracy");
        float threshold = OneColumnThreshold(yTrue);
        return Accuracy(Labels(yTrue, threshold), Labels(yPred, threshold));
    }

    /// <summary>
    /// The class of each row of a (N, K) tensor: arg-max for K ≥ 2; for K = 1, 1 when the value exceeds
    /// <paramref name="threshold"/> (0.5 for probabilities; use 0 for ±1 targets), else 0.
    /// </summary>
    public static int[] Labels(Tensor scores, float threshold = 0.5f)
    {
        ArgumentNullException.ThrowIfNull(scores);
        int n = scores.Rank == 0 ? 1 : scores.Dim(0);
        int k = n == 0 ? 0 : scores.Length / n;
        if (k >= 2) return scores.Reshape(n, k).ArgMaxRows();
        var labels = new int[n];
        ReadOnlySpan<float> s = scores.Span;
        for (int i = 0; i < n; i++) labels[i] = s[i] > threshold ? 1 : 0;
        return labels;
    }

    /// <summary>
    /// True when <paramref name="y"/> holds class targets, so that an accuracy means something: one-hot rows
    /// (K ≥ 2 columns, a single 1 per row) or one column of {0, 1} or {−1, +1} labels. Regression targets and
    /// autoencoder targets (pixel values) are not; neither is an empty tensor.
    /// </summary>
    public static bool IsClassTarget(Tensor y)
    {
        ArgumentNullException.ThrowIfNull(y);
        int n = y.Rank == 0 ? 0 : y.Dim(0);
        if (n == 0) return false;
        int k = y.Length / n;
        ReadOnlySpan<float> v = y.Span;
        if (k == 1)
        {
            bool signed = TensorPrimitives.Min(v) < 0f;
            foreach (float t in v)
                if (signed ? t is not (-1f or 1f) : t is not (0f or 1f)) return false;
            return true;
        }
        for (int i = 0; i < n; i++)
        {
            var row = v.Slice(i * k, k);
            int ones = 0;
            foreach (float t in row)
            {
                if (t == 1f) ones++;
                else if (t != 0f) return false;
            }
            if (ones != 1) return false;
        }
        return true;
    }

    /// <summary>
    /// Coefficient of determination, sklearn's definition: <c>R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²</c>. When the truth is
    /// constant (Σ(y − ȳ)² = 0) it is 1 for a perfect prediction and 0 otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ, or both are empty.</exception>
    public static double R2(ReadOnlySpan<float> truth, ReadOnlySpan<float> predicted) =>
        R2Strided(truth, predicted, truth.Length, 1, 0, predicted.Length);

    /// <summary>
    /// R² of (N, D) predictions: the R² of each of the D output columns, averaged uniformly (sklearn's
    /// <c>multioutput="uniform_average"</c>). For one column it is <see cref="R2(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ or there are no rows.</exception>
    public static double R2(Tensor yTrue, Tensor yPred)
    {
        CheckShapes(yTrue, yPred, "R2");
        int n = yTrue.Dim(0), d = yTrue.Length / n;
        double sum = 0;
        for (int j = 0; j < d; j++) sum += R2Strided(yTrue.Span, yPred.Span, n, d, j, yPred.Length);
        return sum / d;
    }

    /// <summary>Mean squared error over every element: <c>(1/(N·D))·Σ (y − ŷ)²</c>.</summary>
    /// <exception cref="ArgumentException">The shapes differ or there are no rows.</exception>
    public static double MeanSquaredError(Tensor yTrue, Tensor yPred)
    {
        CheckShapes(yTrue, yPred, "MeanSquaredError");
        ReadOnlySpan<float> t = yTrue.Span, p = yPred.Span;
        double sum = 0;
        for (int i = 0; i < t.Length; i++)
        {
            double e = (double)t[i] - p[i];
            sum += e * e;
        }
        return sum / t.Length;
    }

    private static double R2Strided(ReadOnlySpan<float> truth, ReadOnlySpan<float> predicted, int n, int stride, int column, int predictedLength)
    {
        CheckLengths(truth.Length, predictedLength, "R2");
        double mean = 0;
        for (int i = 0; i < n; i++) mean += truth[i * stride + column];
        mean /= n;
        double ssRes = 0, ssTot = 0;
        for (int i = 0; i < n; i++)
        {
            double y = truth[i * stride + column];
            double r = y - predicted[i * stride + column], c = y - mean;
            ssRes += r * r;
            ssTot += c * c;
        }
        if (ssTot == 0) return ssRes == 0 ? 1.0 : 0.0;
        return 1.0 - ssRes / ssTot;
    }

    private static float OneColumnThreshold(Tensor yTrue)
    {
        ReadOnlySpan<float> t = yTrue.Span;
        int n = yTrue.Dim(0);
        if (yTrue.Length != n) return 0.5f;
        foreach (float v in t) if (v < 0f) return 0f;
        return 0.5f;
    }

    private static void CheckLengths(int truth, int predicted, string metric)
    {
        if (truth != predicted) throw new ArgumentException($"{metric}: {truth} true values, {predicted} predictions.");
        if (truth == 0) throw new ArgumentException($"{metric}: no examples.");
    }

    private static void CheckShapes(Tensor yTrue, Tensor yPred, string metric)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (!yTrue.SameShape(yPred))
            throw new ArgumentException($"{metric}: truth has shape {yTrue.ShapeString}, predictions {yPred.ShapeString}.");
        if (yTrue.Rank < 1 || yTrue.Dim(0) == 0) throw new ArgumentException($"{metric}: no examples (shape {yTrue.ShapeString}).");
    }
}
