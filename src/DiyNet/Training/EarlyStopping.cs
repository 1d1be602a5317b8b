namespace DiyNet.Training;

/// <summary>
/// Early stopping on a validation measure (<see cref="TrainingOptions.EarlyStopping"/>): training stops after
/// <see cref="Patience"/> epochs without an improvement larger than <see cref="MinDelta"/>, and, with
/// <see cref="RestoreBestWeights"/>, the network ends with the parameters and buffers of its best epoch.
/// Needs validation data.
/// </summary>
public sealed record EarlyStopping
{
    /// <summary>The measure watched.</summary>
    public MonitoredMetric Monitor { get; init; } = MonitoredMetric.ValidationLoss;

    /// <summary>Epochs without improvement tolerated before stopping (≥ 1).</summary>
    public int Patience { get; init; } = 5;

    /// <summary>The smallest change that counts as an improvement (≥ 0).</summary>
    public float MinDelta { get; init; }

    /// <summary>Whether the best epoch's weights are put back at the end of training (stopped early or not).</summary>
    public bool RestoreBestWeights { get; init; } = true;
}
