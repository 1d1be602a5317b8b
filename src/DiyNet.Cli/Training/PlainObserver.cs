using System.Diagnostics;
using System.Globalization;

namespace DiyNet.Cli.Training;

/// <summary>Progress as plain lines (output that is not a terminal: logs, CI, pipes): one line per epoch.</summary>
internal sealed class PlainObserver(TextWriter output, TaskKind task) : ITrainObserver
{
    private readonly Stopwatch _epochClock = Stopwatch.StartNew();

    public void Batch(int epoch, int batch, int batches, double runningLoss)
    {
        if (batch == 1) _epochClock.Restart();
    }

    public void Epoch(EpochResult r, int epochs, bool best) =>
        output.WriteLine(Describe(r, epochs, task) + (best ? "  *" : ""));

    public void Line(string text) => output.WriteLine(text);

    /// <summary>E.g. <c>epoch 3/20  loss 0.4123  val loss 0.3981  val acc 0.9120  2.1s</c>.</summary>
    public static string Describe(EpochResult r, int epochs, TaskKind task)
    {
        var c = CultureInfo.InvariantCulture;
        string validation = (r.ValidationLoss is double vl ? "  val loss " + vl.ToString("F4", c) : "") +
            (r.ValidationMetric is double m ? (task == TaskKind.Classification ? "  val acc " : "  val R² ") + m.ToString("F4", c) : "");
        return string.Create(c, $"epoch {r.Epoch}/{epochs}  loss {r.TrainLoss:F4}{validation}  {r.Seconds:F1}s");
    }
}
