using DiyNet.Optimization;
using System.Globalization;

namespace DiyNet.Training;

/// <summary>
/// Watches the epoch losses of a run for divergence without NaN: a train loss above
/// <see cref="TrainingOptions.DivergenceFactor"/> × the loss of the first step for <see cref="TrainingOptions.DivergencePatience"/>
/// epochs in a row. It then warns once, or throws when <see cref="TrainingOptions.StopOnDivergence"/> is set.
/// </summary>
internal sealed class DivergenceWatch(TrainingOptions options)
{
    private float _first = float.NaN;
    private int _above;
    private bool _warned;

    /// <summary>Records the loss of the first step (later calls are ignored).</summary>
    /// <summary>The watch's state, "first;above;warned" (kept by checkpoints).</summary>
    public string State
    {
        get => string.Join(';', _first.ToString("R", CultureInfo.InvariantCulture), _above.ToString(CultureInfo.InvariantCulture), _warned ? "1" : "0");
        set
        {
            var parts = value.Split(';');
            if (parts.Length != 3 || !float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _first)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _above))
                throw new FormatException($"Trainer: divergence state '{value}' is not \"first;above;warned\".");
            _warned = parts[2] == "1";
        }
    }

    public void First(float loss)
    {
        if (float.IsNaN(_first)) _first = loss;
    }

    /// <summary>Checks the train loss of <paramref name="epoch"/>.</summary>
    public void Epoch(int epoch, float trainLoss, float step, TrainingHistory history)
    {
        if (_warned || !(_first > 0f)) return;
        _above = trainLoss > options.DivergenceFactor * _first ? _above + 1 : 0;
        if (_above < options.DivergencePatience) return;
        _warned = true;
        var c = CultureInfo.InvariantCulture;
        string message = $"Trainer: training diverges: the train loss is {trainLoss.ToString("G4", c)} at epoch {epoch}, "
            + $"above {options.DivergenceFactor.ToString("G3", c)} × the first step's {_first.ToString("G4", c)} for {_above} "
            + $"epochs in a row (learning rate now {step.ToString("G3", c)}). Lower the learning rate or scale the inputs (e.g. to [0, 1]).";
        if (options.StopOnDivergence) throw new TrainingDivergedException(message);
        history.Warn(message);
        if (options.OnWarning is not null) options.OnWarning(message);
        else Console.Error.WriteLine("warning: " + message);
    }
}
