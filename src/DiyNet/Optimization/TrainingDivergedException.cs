namespace DiyNet.Optimization;

/// <summary>Training produced a non-finite loss or gradient; the weights were not updated with it.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the error.</summary>
    public TrainingDivergedException(string message) : base(message) { }
}
