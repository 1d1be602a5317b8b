using System.Globalization;
using System.Text;

namespace DiyNet.Metrics;

/// <summary>
/// Counts of (true class, predicted class) pairs: entry [i, j] is the number of examples of class i predicted as j
/// (rows = truth, columns = prediction, as in scikit-learn). Per-class precision, recall and F1 derive from it.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[] _counts;

    /// <summary>Counts the pairs (truth[i], predicted[i]).</summary>
    /// <param name="truth">True classes, in 0..classCount-1.</param>
    /// <param name="predicted">Predicted classes, in 0..classCount-1.</param>
    /// <param name="classCount">Number of classes K.</param>
    /// <param name="classNames">Optional names of the K classes (used by <see cref="ToString"/>).</param>
    /// <exception cref="ArgumentException">Lengths differ, a class is out of range, or the names do not match K.</exception>
    public ConfusionMatrix(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int classCount, IReadOnlyList<string>? classNames = null)
    {
        if (classCount < 1) throw new ArgumentException($"ConfusionMatrix: the class count must be positive, got {classCount}.");
        if (truth.Length != predicted.Length)
            throw new ArgumentException($"ConfusionMatrix: {truth.Length} true labels, {predicted.Length} predictions.");
        if (classNames is not null && classNames.Count != classCount)
            throw new ArgumentException($"ConfusionMatrix: {classNames.Count} class names for {classCount} classes.");
        _counts = new int[classCount * classCount];
        for (int i = 0; i < truth.Length; i++)
        {
            if ((uint)truth[i] >= (uint)classCount)
                throw new ArgumentException($"ConfusionMatrix: true label {truth[i]} at index {i} is outside 0..{classCount - 1}.");
            if ((uint)predicted[i] >= (uint)classCount)
                throw new ArgumentException($"ConfusionMatrix: predicted label {predicted[i]} at index {i} is outside 0..{classCount - 1}.");
            _counts[truth[i] * classCount + predicted[i]]++;
        }
        ClassCount = classCount;
        Total = truth.Length;
        ClassNames = classNames;
    }

    /// <summary>Number of classes K.</summary>
    public int ClassCount { get; }

    /// <summary>Number of examples counted.</summary>
    public int Total { get; }

    /// <summary>Class names, when given.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>Number of examples of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public int this[int actual, int predicted]
    {
        get
        {
            if ((uint)actual >= (uint)ClassCount || (uint)predicted >= (uint)ClassCount)
                throw new ArgumentOutOfRangeException(nameof(actual), $"ConfusionMatrix: [{actual}, {predicted}] is outside a {ClassCount}×{ClassCount} matrix.");
            return _counts[actual * ClassCount + predicted];
        }
    }

    /// <summary>The counts as a (K, K) array, rows = truth.</summary>
    public int[,] ToArray()
    {
        var a = new int[ClassCount, ClassCount];
        for (int i = 0; i < ClassCount; i++)
            for (int j = 0; j < ClassCount; j++) a[i, j] = _counts[i * ClassCount + j];
        return a;
    }

    /// <summary>Each row divided by its sum (the per-class recall on the diagonal); a row with no example stays 0.</summary>
    public double[,] RowNormalized()
    {
        var a = new double[ClassCount, ClassCount];
        for (int i = 0; i < ClassCount; i++)
        {
            int support = Support(i);
            for (int j = 0; j < ClassCount; j++) a[i, j] = support == 0 ? 0 : (double)_counts[i * ClassCount + j] / support;
        }
        return a;
    }

    /// <summary>Number of correct predictions (the trace).</summary>
    public int Correct
    {
        get
        {
            int sum = 0;
            for (int c = 0; c < ClassCount; c++) sum += _counts[c * ClassCount + c];
            return sum;
        }
    }

    /// <summary>Fraction of correct predictions: trace / total (0 when empty).</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>Number of examples whose true class is <paramref name="c"/> (row sum).</summary>
    public int Support(int c)
    {
        int sum = 0;
        for (int j = 0; j < ClassCount; j++) sum += this[c, j];
        return sum;
    }

    /// <summary>Number of examples predicted as <paramref name="c"/> (column sum).</summary>
    public int PredictedCount(int c)
    {
        int sum = 0;
        for (int i = 0; i < ClassCount; i++) sum += this[i, c];
        return sum;
    }

    /// <summary>Precision of class c: <c>TP / (TP + FP)</c>, 0 when c is never predicted.</summary>
    public double Precision(int c) => Ratio(this[c, c], PredictedCount(c));

    /// <summary>Recall of class c: <c>TP / (TP + FN)</c>, 0 when c never occurs.</summary>
    public double Recall(int c) => Ratio(this[c, c], Support(c));

    /// <summary>F1 of class c: <c>2·P·R / (P + R)</c> = <c>2TP / (2TP + FP + FN)</c>, 0 when TP = 0.</summary>
    public double F1(int c) => Ratio(2 * this[c, c], Support(c) + PredictedCount(c));

    /// <summary>Per-class precision, recall, F1 and support, with macro and weighted averages.</summary>
    public ClassificationReport Report() => new(this);

    /// <summary>The matrix as an aligned text table (rows = truth, columns = prediction).</summary>
    public override string ToString()
    {
        var names = Enumerable.Range(0, ClassCount).Select(Name).ToArray();
        int width = Math.Max(names.Max(n => n.Length), _counts.Length == 0 ? 1 : _counts.Max().ToString(CultureInfo.InvariantCulture).Length);
        int first = Math.Max(names.Max(n => n.Length), "true\\pred".Length);
        var sb = new StringBuilder();
        sb.Append("true\\pred".PadRight(first));
        foreach (string n in names) sb.Append(' ').Append(n.PadLeft(width));
        sb.AppendLine();
        for (int i = 0; i < ClassCount; i++)
        {
            sb.Append(names[i].PadRight(first));
            for (int j = 0; j < ClassCount; j++) sb.Append(' ').Append(this[i, j].ToString(CultureInfo.InvariantCulture).PadLeft(width));
            sb.AppendLine();
        }
        return sb.ToString();
    }

    internal string Name(int c) => ClassNames?[c] ?? c.ToString(CultureInfo.InvariantCulture);

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
