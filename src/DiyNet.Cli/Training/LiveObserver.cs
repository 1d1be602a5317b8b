using System.Globalization;
using Spectre.Console;

namespace DiyNet.Cli.Training;

/// <summary>
/// Progress on a terminal (Spectre.Console): a bar over all the run's batches with the elapsed time, the ETA, the
/// running loss and the last validation metric; each finished epoch leaves a line above the bar.
/// </summary>
internal sealed class LiveObserver(ProgressContext context, TaskKind task, int epochs, int batchesPerEpoch, int epochsDone) : ITrainObserver
{
    private readonly ProgressTask _bar = Start(context, epochs, batchesPerEpoch, epochsDone);
    private string _validation = "";

    private static ProgressTask Start(ProgressContext context, int epochs, int batchesPerEpoch, int epochsDone)
    {
        var bar = context.AddTask("training", maxValue: Math.Max(1, epochs * batchesPerEpoch));
        bar.Value = epochsDone * batchesPerEpoch;
        return bar;
    }

    public void Batch(int epoch, int batch, int batches, double runningLoss)
    {
        _bar.Value = (epoch - 1) * batches + batch;
        _bar.Description = string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}/{epochs}  loss {runningLoss:F4}{_validation}");
    }

    public void Epoch(EpochResult r, int total, bool best)
    {
        if (r.ValidationMetric is double m)
            _validation = (task == TaskKind.Classification ? "  val acc " : "  val R² ") + m.ToString("F4", CultureInfo.InvariantCulture);
        AnsiConsole.MarkupLine(Markup.Escape(PlainObserver.Describe(r, total, task)) + (best ? " [green]*[/]" : ""));
    }

    public void Line(string text) => AnsiConsole.MarkupLine(Markup.Escape(text));

    /// <summary>Runs <paramref name="body"/> under a live progress display with a bar, percentage, elapsed time and ETA.</summary>
    public static T Show<T>(Func<ProgressContext, T> body) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(body);
}
