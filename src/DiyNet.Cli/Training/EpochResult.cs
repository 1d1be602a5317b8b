namespace DiyNet.Cli.Training;

/// <summary>One epoch of a <c>diynet train</c> run.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="LearningRate">The learning rate of the epoch.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's batches.</param>
/// <param name="ValidationLoss">Mean validation loss, when there is validation data.</param>
/// <param name="ValidationMetric">Validation accuracy (classification) or R² (regression).</param>
/// <param name="Seconds">Seconds of training so far (resumed runs included).</param>
internal sealed record EpochResult(int Epoch, double LearningRate, double TrainLoss, double? ValidationLoss, double? ValidationMetric, double Seconds);
