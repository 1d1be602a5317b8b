using System.Globalization;
using DiyNet.Optimization;

namespace DiyNet.Cli.Training;

/// <summary>
/// The <c>--schedule</c> of <c>diynet train</c>: a learning-rate schedule of the library, stepped after every epoch
/// (<see cref="ReduceOnPlateau"/> with the validation loss, or the training loss without validation data). Syntax
/// <c>NAME[:ARG,ARG]</c>:
/// <list type="bullet">
/// <item><c>none</c>: a constant rate (the default).</item>
/// <item><c>step:EPOCHS[,GAMMA]</c>: multiply by GAMMA (0.1) every EPOCHS epochs (<see cref="StepSchedule"/>).</item>
/// <item><c>exponential:GAMMA</c>: multiply by GAMMA after every epoch (<see cref="ExponentialSchedule"/>).</item>
/// <item><c>cosine[:WARMUP[,MIN]]</c>: cosine from the rate down to MIN (0) over the run's epochs, after WARMUP (0)
/// epochs of linear warm-up (<see cref="CosineSchedule"/>).</item>
/// <item><c>one-cycle[:RISE]</c>: up to the rate over the first RISE (0.3) of the epochs, then down
/// (<see cref="OneCycleSchedule"/>; needs at least 4 epochs).</item>
/// <item><c>plateau[:PATIENCE[,FACTOR]]</c>: multiply by FACTOR (0.1) after PATIENCE (10) epochs without a lower loss
/// (<see cref="ReduceOnPlateau"/>).</item>
/// </list>
/// </summary>
internal static class Schedules
{
    /// <summary>The schedule names, as <c>--schedule</c> takes them.</summary>
    public static readonly string[] Names = ["none", "step", "exponential", "cosine", "one-cycle", "plateau"];

    /// <summary>The syntax, for the option's help and the error messages.</summary>
    public const string Syntax = "none, step:EPOCHS[,GAMMA], exponential:GAMMA, cosine[:WARMUP[,MIN]], one-cycle[:RISE] or plateau[:PATIENCE[,FACTOR]]";

    /// <summary>The schedule <paramref name="text"/> names for a run of <paramref name="epochs"/> epochs, or null for
    /// <c>none</c>.</summary>
    /// <exception cref="ArgumentException">An unknown name, a wrong number of arguments, a value that is not a number,
    /// or one the schedule refuses (the message says which and why).</exception>
    public static LearningRateSchedule? Create(string text, int epochs)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':');
        string name = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        string[] args = colon < 0 ? [] : text[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries);
        string Where() => $"--schedule \"{text}\"";
        void Arguments(int min, int max, string usage)
        {
            if (args.Length < min || args.Length > max)
                throw new ArgumentException($"{Where()}: {name} takes {usage}.");
        }
        double Number(int i, double fallback)
        {
            if (i >= args.Length) return fallback;
            return double.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
                ? v : throw new ArgumentException($"{Where()}: argument {i + 1} (\"{args[i]}\") is not a number.");
        }
        int Whole(int i, int fallback)
        {
            double v = Number(i, fallback);
            return v == Math.Floor(v) && v is >= int.MinValue and <= int.MaxValue
                ? (int)v : throw new ArgumentException($"{Where()}: argument {i + 1} (\"{args[i]}\") is not a whole number.");
        }
        try
        {
            switch (name)
            {
                case "none":
                    Arguments(0, 0, "no arguments");
                    return null;
                case "step":
                    Arguments(1, 2, "step:EPOCHS[,GAMMA], e.g. step:10,0.5");
                    return new StepSchedule(Whole(0, 0), (float)Number(1, 0.1));
                case "exponential":
                    Arguments(1, 1, "exponential:GAMMA, e.g. exponential:0.95");
                    return new ExponentialSchedule((float)Number(0, 0));
                case "cosine":
                    Arguments(0, 2, "cosine[:WARMUP[,MIN]], e.g. cosine or cosine:5,1e-5");
                    return new CosineSchedule(epochs, Whole(0, 0), (float)Number(1, 0));
                case "one-cycle":
                    Arguments(0, 1, "one-cycle[:RISE], e.g. one-cycle:0.3");
                    return new OneCycleSchedule(epochs, (float)Number(0, 0.3));
                case "plateau":
                    Arguments(0, 2, "plateau[:PATIENCE[,FACTOR]], e.g. plateau:5,0.5");
                    return new ReduceOnPlateau(factor: (float)Number(1, 0.1), patience: Whole(0, 10));
                default:
                    throw new ArgumentException($"{Where()}: unknown schedule \"{name}\"; expected {Syntax}.");
            }
        }
        catch (ArgumentOutOfRangeException e)
        {
            // The schedule's own check, e.g. "StepSchedule: gamma must be in (0, 1]." (without the parameter line).
            string reason = e.Message.Split(" (Parameter", 2)[0].Split(Environment.NewLine, 2)[0];
            throw new ArgumentException($"{Where()} for {epochs} epochs: {reason}", e);
        }
    }

    /// <summary>A schedule's state as one line for a checkpoint: <c>name=value;…</c> (values round-trip).</summary>
    public static string Write(LearningRateSchedule schedule) =>
        string.Join(";", schedule.State.Select(s => s.Name + "=" + s.Value.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>Reads a line of <see cref="Write"/>.</summary>
    /// <exception cref="FormatException">The line is malformed.</exception>
    public static IReadOnlyList<(string Name, double Value)> Read(string line) =>
        [.. line.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            int eq = part.IndexOf('=');
            if (eq <= 0 || !double.TryParse(part[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                throw new FormatException($"schedule state \"{part}\": expected name=value.");
            return (part[..eq], v);
        })];
}
