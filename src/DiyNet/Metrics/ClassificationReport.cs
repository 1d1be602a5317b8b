using System.Globalization;
using System.Text;

namespace DiyNet.Metrics;

/// <summary>
/// Per-class precision, recall and F1 with their macro averages (unweighted mean over classes) and weighted averages
/// (weighted by support), as scikit-learn's <c>classification_report</c>.
/// </summary>
public sealed class ClassificationReport
{
    /// <summary>Builds the report of a confusion matrix.</summary>
    public ClassificationReport(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        Classes = Enumerable.Range(0, matrix.ClassCount)
            .Select(c => new ClassMetrics(c, matrix.Name(c), matrix.Precision(c), matrix.Recall(c), matrix.F1(c), matrix.Support(c)))
            .ToArray();
        Accuracy = matrix.Accuracy;
        Total = matrix.Total;
        MacroPrecision = Classes.Average(m => m.Precision);
        MacroRecall = Classes.Average(m => m.Recall);
        MacroF1 = Classes.Average(m => m.F1);
        WeightedPrecision = Weighted(m => m.Precision);
        WeightedRecall = Weighted(m => m.Recall);
        WeightedF1 = Weighted(m => m.F1);
    }

    /// <summary>One entry per class.</summary>
    public IReadOnlyList<ClassMetrics> Classes { get; }

    /// <summary>Overall accuracy.</summary>
    public double Accuracy { get; }

    /// <summary>Number of examples.</summary>
    public int Total { get; }

    /// <summary>Mean of the per-class precisions.</summary>
    public double MacroPrecision { get; }

    /// <summary>Mean of the per-class recalls.</summary>
    public double MacroRecall { get; }

    /// <summary>Mean of the per-class F1 scores.</summary>
    public double MacroF1 { get; }

    /// <summary>Support-weighted mean of the per-class precisions.</summary>
    public double WeightedPrecision { get; }

    /// <summary>Support-weighted mean of the per-class recalls.</summary>
    public double WeightedRecall { get; }

    /// <summary>Support-weighted mean of the per-class F1 scores.</summary>
    public double WeightedF1 { get; }

    /// <summary>The report as a Markdown table (one row per class, then the averages and the accuracy).</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder("| class | precision | recall | F1 | support |\n| --- | ---: | ---: | ---: | ---: |\n");
        foreach (var m in Classes) Row(sb, m.Name, m.Precision, m.Recall, m.F1, m.Support);
        Row(sb, "macro avg", MacroPrecision, MacroRecall, MacroF1, Total);
        Row(sb, "weighted avg", WeightedPrecision, WeightedRecall, WeightedF1, Total);
        sb.Append(CultureInfo.InvariantCulture, $"| accuracy | | | {Accuracy:F4} | {Total} |\n");
        return sb.ToString();
    }

    /// <summary>The Markdown table.</summary>
    public override string ToString() => ToMarkdown();

    private double Weighted(Func<ClassMetrics, double> value)
    {
        int total = Classes.Sum(m => m.Support);
        return total == 0 ? 0 : Classes.Sum(m => value(m) * m.Support) / total;
    }

    private static void Row(StringBuilder sb, string name, double p, double r, double f1, int support) =>
        sb.Append(CultureInfo.InvariantCulture, $"| {name} | {p:F4} | {r:F4} | {f1:F4} | {support} |\n");
}
