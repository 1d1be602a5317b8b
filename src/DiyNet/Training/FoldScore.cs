namespace DiyNet.Training;

/// <summary>The outcome of training on one cross-validation fold.</summary>
/// <param name="Score">The metric on the held-out rows (NaN when training diverged).</param>
/// <param name="TrainLoss">The train loss of each epoch.</param>
/// <param name="ValidationLoss">The held-out loss of each epoch (when curves were recorded).</param>
/// <param name="Failure">Why the fold failed, or null.</param>
public sealed record FoldScore(double Score, float[] TrainLoss, float[] ValidationLoss, string? Failure);
