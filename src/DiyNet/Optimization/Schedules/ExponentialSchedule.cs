namespace DiyNet.Optimization;

/// <summary>Exponential decay, as <c>torch.optim.lr_scheduler.ExponentialLR</c>: <c>lr_t = lr₀·γᵗ</c>.</summary>
public sealed class ExponentialSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="gamma">Factor γ per step, in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is out of range.</exception>
    public ExponentialSchedule(float gamma)
    {
        if (!(gamma > 0f && gamma <= 1f)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "ExponentialSchedule: gamma must be in (0, 1].");
        Gamma = gamma;
    }

    /// <summary>The decay factor per step.</summary>
    public float Gamma { get; }

    /// <inheritdoc />
    protected override float Next(long step, float current, float metric) => (float)(BaseLearningRate * Math.Pow(Gamma, step));

    /// <inheritdoc />
    public override string ToString() => $"ExponentialSchedule(gamma {Format(Gamma)})";
}
