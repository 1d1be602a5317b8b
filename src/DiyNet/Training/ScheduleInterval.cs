namespace DiyNet.Training;

/// <summary>When <see cref="Trainer.Train"/> steps the learning-rate schedule of <see cref="TrainingOptions.Schedule"/>.</summary>
public enum ScheduleInterval
{
    /// <summary>After every epoch (StepLR, CosineAnnealingLR, ReduceLROnPlateau as usually used).</summary>
    Epoch,

    /// <summary>After every batch (OneCycleLR, warm-up counted in steps).</summary>
    Batch,
}
