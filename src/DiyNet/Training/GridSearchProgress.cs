namespace DiyNet.Training;

/// <summary>One finished training of a grid search.</summary>
/// <param name="Completed">Trainings finished so far.</param>
/// <param name="Total">Trainings in the search (combinations × folds).</param>
/// <param name="Parameters">The combination trained.</param>
/// <param name="Fold">The held-out fold (0-based).</param>
/// <param name="Score">Its score on the held-out fold (NaN when training diverged).</param>
public sealed record GridSearchProgress(int Completed, int Total, ParameterSet Parameters, int Fold, double Score);
