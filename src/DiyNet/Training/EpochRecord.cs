namespace DiyNet.Training;

/// <summary>What one epoch of <see cref="Trainer.Train"/> measured.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean of the batch losses of the epoch.</param>
/// <param name="ValidationLoss">Mean loss on the validation data, when given.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation data, when given and the targets are class targets (see <see cref="Metrics.Scores.IsClassTarget"/>).</param>
/// <param name="Seconds">Wall-clock time since training started.</param>
/// <param name="LearningRate">The learning rate at the start of the epoch, when known.</param>
public sealed record EpochRecord(int Epoch, float TrainLoss, float? ValidationLoss, float? ValidationAccuracy, double Seconds,
    float? LearningRate = null);
