namespace DiyNet.Training;

/// <summary>The outcome of <see cref="DataParallelTrainer.Train"/>.</summary>
/// <param name="History">The per-epoch train loss.</param>
/// <param name="Stats">Steps, bytes moved and time.</param>
public sealed record DataParallelRun(TrainingHistory History, DataParallelStats Stats);
