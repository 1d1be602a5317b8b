using System.Globalization;
using System.Text;
using DiyNet.Metrics;
using DiyNet.Modules;
using DiyNet.Plots;
using DiyNet.Tensors;
using DiyNet.Training;
using Spectre.Console;

namespace DiyNet.Cli.Training;

/// <summary>The figures of <c>diynet evaluate</c>: the classes predicted and their scores, or the regression errors.</summary>
internal sealed class Evaluation
{
    private Evaluation(ModelCard card, int[]? predicted, ConfusionMatrix? confusion, double? mse, double? r2, int count)
    {
        Card = card;
        Predicted = predicted;
        Confusion = confusion;
        Mse = mse;
        R2 = r2;
        Count = count;
    }

    public ModelCard Card { get; }

    /// <summary>The class predicted for each example (classification).</summary>
    public int[]? Predicted { get; }

    public ConfusionMatrix? Confusion { get; }

    public double? Mse { get; }

    public double? R2 { get; }

    public int Count { get; }

    public static Evaluation Run(Module net, ModelCard card, LoadedData data)
    {
        var y = Evaluator.Predict(net, data.X);
        if (card.Task == TaskKind.Regression)
            return new Evaluation(card, null, null, Scores.MeanSquaredError(data.Values!, y), Scores.R2(data.Values!, y), data.Count);
        int[] predicted = y.ArgMaxRows();
        return new Evaluation(card, predicted, new ConfusionMatrix(data.Labels!, predicted, card.Classes!.Length, card.Classes), null, null, data.Count);
    }

    /// <summary>The report as text: plain, or drawn with Spectre.Console tables on a terminal.</summary>
    public string Text(bool terminal)
    {
        if (Confusion is null)
            return string.Create(CultureInfo.InvariantCulture, $"{Count} examples\nMSE {Mse:G6}\nR² {R2:F4}\n");
        var report = Confusion.Report();
        var classes = Card.Classes!;
        var scores = new Table().AddColumns("class", "precision", "recall", "F1", "support");
        foreach (var c in report.Classes)
            scores.AddRow(Markup.Escape(c.Name), F(c.Precision), F(c.Recall), F(c.F1), c.Support.ToString(CultureInfo.InvariantCulture));
        scores.AddRow("macro avg", F(report.MacroPrecision), F(report.MacroRecall), F(report.MacroF1), report.Total.ToString(CultureInfo.InvariantCulture));
        var matrix = new Table().AddColumn("true \\ predicted");
        foreach (string name in classes) matrix.AddColumn(Markup.Escape(name));
        for (int a = 0; a < classes.Length; a++)
            matrix.AddRow([Markup.Escape(classes[a]), .. Enumerable.Range(0, classes.Length).Select(p => Confusion[a, p].ToString(CultureInfo.InvariantCulture))]);
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = 160;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Count} examples, accuracy {report.Accuracy:F4} ({Confusion.Correct} correct)"));
        console.Write(scores);
        console.WriteLine("confusion matrix (rows: true class, columns: predicted):");
        console.Write(matrix);
        return writer.ToString();
    }

    /// <summary>The confusion matrix as an SVG heat map.</summary>
    public string ConfusionSvg() => Heatmap.ConfusionMatrix(Confusion!.ToArray(), Card.Classes).ToSvg();

    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
}
