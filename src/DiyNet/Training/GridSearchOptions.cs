namespace DiyNet.Training;

/// <summary>Settings of <see cref="GridSearch.Run"/>.</summary>
public sealed record GridSearchOptions
{
    /// <summary>True when a higher score is better (accuracy, R²); false for errors (mean squared error).</summary>
    public bool Maximize { get; init; } = true;

    /// <summary>Keep the per-epoch train loss and held-out loss of every fold (for loss-curve figures).</summary>
    public bool RecordCurves { get; init; }

    /// <summary>Use stratified folds when the targets are one-hot (K ≥ 2 columns); plain k-fold otherwise.</summary>
    public bool Stratified { get; init; } = true;

    /// <summary>Trainings run at once; 0 means <see cref="Environment.ProcessorCount"/>. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Name of the metric in the table header; the metric method's name when null.</summary>
    public string? MetricName { get; init; }

    /// <summary>Receives a report after each (combination, fold) training; called from worker threads.</summary>
    public IProgress<GridSearchProgress>? Progress { get; init; }
}
