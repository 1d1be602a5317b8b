namespace DiyNet.Training;

/// <summary>The validation measure that <see cref="EarlyStopping"/> watches.</summary>
public enum MonitoredMetric
{
    /// <summary>The mean validation loss (lower is better).</summary>
    ValidationLoss,

    /// <summary>The validation accuracy (higher is better; class targets only).</summary>
    ValidationAccuracy,
}
