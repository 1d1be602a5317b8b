using DiyNet.Training;
using System.Diagnostics;
using System.Globalization;

namespace DiyNet.Cli.Reports;

/// <summary>
/// Training progress on the console: one self-overwriting line on a terminal, a line every few seconds otherwise
/// (logs, CI).
/// </summary>
internal sealed class ConsoleProgress
{
    private readonly bool _interactive = !Console.IsOutputRedirected;
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private int _width;

    public bool Quiet { get; init; }

    public void Update(string label, EpochRecord e, int epochs)
    {
        if (Quiet) return;
        string text = string.Create(CultureInfo.InvariantCulture,
            $"  {label}: epoch {e.Epoch}/{epochs}  loss {e.TrainLoss:G4}{(e.ValidationAccuracy is float a ? $"  val acc {a:F4}" : "")}  {e.Seconds:F1}s");
        if (_interactive)
        {
            Console.Write("\r" + text.PadRight(_width));
            _width = text.Length;
        }
        else if (_sinceLast.Elapsed.TotalSeconds >= 5 || e.Epoch == epochs)
        {
            Console.WriteLine(text);
            _sinceLast.Restart();
        }
    }

    public void Line(string text)
    {
        if (Quiet) return;
        if (_interactive && _width > 0)
        {
            Console.Write("\r" + new string(' ', _width) + "\r");
            _width = 0;
        }
        Console.WriteLine(text);
    }
}
