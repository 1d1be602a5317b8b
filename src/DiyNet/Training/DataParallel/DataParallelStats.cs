namespace DiyNet.Training;

/// <summary>What a data-parallel training moved and how long its steps took.</summary>
/// <param name="Steps">Steps taken.</param>
/// <param name="Workers">Workers used.</param>
/// <param name="ParameterCount">Floats in the weights (and in each gradient).</param>
/// <param name="BytesToWorkers">Payload sent to the workers: weights and batch indices.</param>
/// <param name="BytesFromWorkers">Payload received from the workers: gradient sums and loss sums.</param>
/// <param name="Seconds">Wall time of the steps (gradients, reduction and update).</param>
public sealed record DataParallelStats(long Steps, int Workers, int ParameterCount, long BytesToWorkers, long BytesFromWorkers, double Seconds)
{
    /// <summary>Mean wall time of a step, in milliseconds.</summary>
    public double MillisecondsPerStep => Steps == 0 ? 0 : Seconds * 1000 / Steps;

    /// <summary>Mean payload per step, both directions, in bytes.</summary>
    public double BytesPerStep => Steps == 0 ? 0 : (double)(BytesToWorkers + BytesFromWorkers) / Steps;
}
