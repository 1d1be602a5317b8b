using System.Globalization;

namespace DiyNet.Cli.Training;

/// <summary>
/// <c>metrics.csv</c>: one row per epoch (epoch, learning rate, train loss, validation loss and metric, seconds),
/// rewritten atomically after each epoch from the run's history, so it is always complete and matches the checkpoint.
/// </summary>
internal static class MetricsLog
{
    public const string FileName = "metrics.csv";

    public static void Write(string folder, TaskKind task, IReadOnlyList<EpochResult> history)
    {
        string metric = task == TaskKind.Classification ? "val_accuracy" : "val_r2";
        var sb = new System.Text.StringBuilder($"epoch,learning_rate,train_loss,val_loss,{metric},seconds\n");
        foreach (var e in history)
            sb.Append(string.Create(CultureInfo.InvariantCulture,
                $"{e.Epoch},{e.LearningRate:R},{e.TrainLoss:R},{Opt(e.ValidationLoss)},{Opt(e.ValidationMetric)},{e.Seconds:F3}\n"));
        Reports.AtomicFile.WriteAllText(Path.Combine(folder, FileName), sb.ToString());
    }

    private static string Opt(double? v) => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : "";
}
