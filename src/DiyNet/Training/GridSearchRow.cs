namespace DiyNet.Training;

/// <summary>The cross-validated result of one parameter combination.</summary>
/// <param name="Rank">1 for the best combination.</param>
/// <param name="Index">Position of the combination in the grid's enumeration.</param>
/// <param name="Parameters">The combination.</param>
/// <param name="Mean">Mean of the fold scores (NaN when a fold failed).</param>
/// <param name="Std">Population standard deviation of the fold scores.</param>
/// <param name="FoldScores">Score on each held-out fold.</param>
/// <param name="TrainLoss">Per fold, the train loss of each epoch (when curves were recorded).</param>
/// <param name="ValidationLoss">Per fold, the held-out loss of each epoch (when curves were recorded).</param>
/// <param name="Failure">Why a fold failed (training diverged), or null.</param>
public sealed record GridSearchRow(int Rank, int Index, ParameterSet Parameters, double Mean, double Std,
    double[] FoldScores, IReadOnlyList<float[]>? TrainLoss, IReadOnlyList<float[]>? ValidationLoss, string? Failure);
