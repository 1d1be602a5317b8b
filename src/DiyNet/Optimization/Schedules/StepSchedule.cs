namespace DiyNet.Optimization;

/// <summary>Step decay, as <c>torch.optim.lr_scheduler.StepLR</c>: <c>lr_t = lr₀·γ^⌊t/s⌋</c>.</summary>
public sealed class StepSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="stepSize">Steps s between two decays, positive.</param>
    /// <param name="gamma">Factor γ applied every s steps, in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public StepSchedule(int stepSize, float gamma = 0.1f)
    {
        if (stepSize <= 0) throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "StepSchedule: the step size must be positive.");
        if (!(gamma > 0f && gamma <= 1f)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "StepSchedule: gamma must be in (0, 1].");
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>Steps between two decays.</summary>
    public int StepSize { get; }

    /// <summary>The decay factor.</summary>
    public float Gamma { get; }

    /// <inheritdoc />
    protected override float Next(long step, float current, float metric) =>
        (float)(BaseLearningRate * Math.Pow(Gamma, step / StepSize));

    /// <inheritdoc />
    public override string ToString() => $"StepSchedule(every {StepSize}, gamma {Format(Gamma)})";
}
