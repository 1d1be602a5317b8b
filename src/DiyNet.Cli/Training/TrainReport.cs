using System.Globalization;
using System.Net;
using System.Text;
using DiyNet.Metrics;
using DiyNet.Plots;
using DiyNet.Tensors;
using DiyNet.Training;

namespace DiyNet.Cli.Training;

/// <summary>
/// <c>report.html</c> of a run: one self-contained page (inline SVG from DiyNet.Plots, no script, no network) with
/// the loss curves, the validation metric's curve, and, for the best model on the validation data, the confusion
/// matrix and a grid of mistakes (image data) or the predicted-against-true plot (regression).
/// </summary>
internal static class TrainReport
{
    public const string FileName = "report.html";

    public static void Write(TrainingSession session, RunRecord record)
    {
        var card = session.Card;
        var history = session.State.History;
        var figures = new List<(string Id, string Caption, string Svg)>();
        var epochs = history.Select(h => h.Epoch).ToArray();
        var loss = new LineChart { Title = "Loss", XLabel = "epoch", YLabel = card.Task == TaskKind.Classification ? "cross-entropy" : "mean squared error" };
        loss.Add("train", epochs, history.Select(h => h.TrainLoss));
        if (session.Validation is not null) loss.Add("validation", epochs, history.Select(h => h.ValidationLoss ?? double.NaN));
        figures.Add(("loss", "Training and validation loss per epoch.", loss.ToSvg()));
        string summary = "";
        if (session.Validation is { } validation)
        {
            string metricName = card.Task == TaskKind.Classification ? "accuracy" : "R²";
            var metric = new LineChart { Title = $"Validation {metricName}", XLabel = "epoch", YLabel = metricName };
            metric.Add(metricName, epochs, history.Select(h => h.ValidationMetric ?? double.NaN));
            figures.Add(("metric", $"Validation {metricName} per epoch; the best epoch ({session.State.BestEpoch}) is the model kept in best.safetensors.", metric.ToSvg()));
            var (best, _) = ModelFiles.Load(Path.Combine(session.Settings.Out, TrainingSession.BestFile));
            var predicted = Evaluator.Predict(best, validation.X);
            if (card.Task == TaskKind.Regression)
            {
                var truth = validation.Values!.Span.ToArray();
                var plot = new ScatterPlot { Title = "Predicted against true (validation)", XLabel = "true", YLabel = "predicted" };
                plot.Add(truth, predicted.Span.ToArray(), new int[truth.Length]);
                figures.Add(("predictions", "Each validation example: its true value against the best model's prediction.", plot.ToSvg()));
                summary = string.Create(CultureInfo.InvariantCulture, $"Validation R² {Scores.R2(validation.Values!, predicted):F4}, MSE {Scores.MeanSquaredError(validation.Values!, predicted):G4}.");
            }
            else
            {
                int[] classes = predicted.ArgMaxRows();
                var confusion = new ConfusionMatrix(validation.Labels!, classes, card.Classes!.Length, card.Classes);
                figures.Add(("confusion", "Confusion matrix of the best model on the validation data (rows: true class, columns: predicted).",
                    Heatmap.ConfusionMatrix(confusion.ToArray(), card.Classes).ToSvg()));
                summary = string.Create(CultureInfo.InvariantCulture, $"Validation accuracy {confusion.Accuracy:F4} ({confusion.Correct} of {confusion.Total}).");
                if (card.Height is int h && card.Width is int w)
                    figures.Add(("mistakes", "Validation examples the best model gets wrong (caption: true → predicted).", Mistakes(validation, classes, h, w, card).ToSvg()));
            }
        }
        Reports.AtomicFile.WriteAllText(Path.Combine(session.Settings.Out, FileName), Page(session, record, summary, figures));
    }

    private static ImageGrid Mistakes(LoadedData validation, int[] predicted, int h, int w, ModelCard card)
    {
        var grid = new ImageGrid(h, w) { Title = "Mistakes", Columns = 8 };
        int channels = card.Channels ?? 1, size = h * w * channels;
        var gray = new float[h * w];
        for (int i = 0; i < validation.Count && grid.Count < 32; i++)
        {
            if (predicted[i] == validation.Labels![i]) continue;
            var row = validation.X.Span.Slice(i * size, size);
            for (int p = 0; p < gray.Length; p++)
            {
                float sum = 0;
                for (int c = 0; c < channels; c++) sum += row[p * channels + c];
                gray[p] = sum / channels;
            }
            grid.Add(gray, $"{card.Classes![validation.Labels[i]]} → {card.Classes[predicted[i]]}", highlight: true);
        }
        if (grid.Count == 0) grid.Title = "Mistakes: none";
        return grid;
    }

    private static string Page(TrainingSession session, RunRecord record, string summary, List<(string Id, string Caption, string Svg)> figures)
    {
        var s = record.Settings;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>DiyNet training report</title>\n<style>\n")
          .Append("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}")
          .Append("figure{margin:1.5rem 0}figure svg{max-width:100%;height:auto}figcaption{color:#555;font-size:.9rem}")
          .Append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .6rem;text-align:left}code{background:#f4f4f4}\n")
          .Append("</style>\n</head>\n<body>\n<h1>Training report</h1>\n");
        sb.Append("<p>").Append(Encode(summary)).Append("</p>\n<table>\n");
        void Row(string k, string v) => sb.Append("<tr><th>").Append(Encode(k)).Append("</th><td>").Append(Encode(v)).Append("</td></tr>\n");
        Row("model", ModelSource.OneLine(session.Net));
        Row("parameters", session.Net.ParameterCount.ToString("N0", CultureInfo.InvariantCulture));
        Row("data", $"{s.Data.Path} ({session.Train.Count} training examples{(session.Validation is null ? "" : $", {session.Validation.Count} validation")})");
        Row("task", session.Card.Task == TaskKind.Classification ? $"classification, {session.Card.Classes!.Length} classes" : "regression");
        Row("optimizer", $"{s.Optimizer}, learning rate {(s.LearningRate ?? Optimizers.DefaultLearningRate(s.Optimizer)).ToString(CultureInfo.InvariantCulture)}, batch size {s.BatchSize}");
        Row("epochs", $"{session.State.Epoch} of {s.Epochs}{(session.State.StoppedEarly ? " (early stop)" : "")}");
        Row("seed", s.Seed.ToString(CultureInfo.InvariantCulture));
        Row("DiyNet", record.DiyNetVersion);
        sb.Append("</table>\n");
        foreach (var (id, caption, svg) in figures)
            sb.Append("<figure id=\"").Append(id).Append("\">\n").Append(svg).Append("\n<figcaption>").Append(Encode(caption)).Append("</figcaption>\n</figure>\n");
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
