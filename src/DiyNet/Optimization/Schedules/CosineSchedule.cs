namespace DiyNet.Optimization;

/// <summary>
/// Cosine annealing with an optional linear warm-up, as <c>torch.optim.lr_scheduler.SequentialLR</c> of
/// <c>LinearLR(start_factor, total_iters=W)</c> then <c>CosineAnnealingLR(T_max=T−W, eta_min)</c> (W = 0: the plain
/// <c>CosineAnnealingLR(T_max=T)</c>): <c>lr_t = lr₀·(f + (1 − f)·t/W)</c> for t &lt; W, then
/// <c>lr_t = η_min + (lr₀ − η_min)·(1 + cos(π·(t − W)/(T − W)))/2</c>, held at η_min after T.
/// </summary>
public sealed class CosineSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="totalSteps">Steps T from the start to the end of the cosine, warm-up included.</param>
    /// <param name="warmupSteps">Steps W of linear warm-up, in [0, T).</param>
    /// <param name="minLearningRate">η_min, the rate at the end, ≥ 0.</param>
    /// <param name="warmupStartFactor">The fraction f of the base rate at the first warm-up step, in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public CosineSchedule(int totalSteps, int warmupSteps = 0, float minLearningRate = 0f, float warmupStartFactor = 0.1f)
    {
        if (totalSteps <= 0) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "CosineSchedule: the total number of steps must be positive.");
        if (warmupSteps < 0 || warmupSteps >= totalSteps)
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, $"CosineSchedule: warm-up steps must be in [0, {totalSteps}).");
        if (!(minLearningRate >= 0f) || !float.IsFinite(minLearningRate))
            throw new ArgumentOutOfRangeException(nameof(minLearningRate), minLearningRate, "CosineSchedule: the minimum rate must be ≥ 0 and finite.");
        if (!(warmupStartFactor > 0f && warmupStartFactor <= 1f))
            throw new ArgumentOutOfRangeException(nameof(warmupStartFactor), warmupStartFactor, "CosineSchedule: the warm-up start factor must be in (0, 1].");
        TotalSteps = totalSteps;
        WarmupSteps = warmupSteps;
        MinLearningRate = minLearningRate;
        WarmupStartFactor = warmupStartFactor;
    }

    /// <summary>Steps from the start to the end of the cosine.</summary>
    public int TotalSteps { get; }

    /// <summary>Steps of linear warm-up.</summary>
    public int WarmupSteps { get; }

    /// <summary>The rate at the end of the cosine.</summary>
    public float MinLearningRate { get; }

    /// <summary>The fraction of the base rate at step 0 of the warm-up.</summary>
    public float WarmupStartFactor { get; }

    /// <inheritdoc />
    protected override float Next(long step, float current, float metric)
    {
        if (step < WarmupSteps)
            return (float)(BaseLearningRate * (WarmupStartFactor + (1.0 - WarmupStartFactor) * step / WarmupSteps));
        double progress = Math.Min(1.0, (double)(step - WarmupSteps) / (TotalSteps - WarmupSteps));
        return (float)(MinLearningRate + (BaseLearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * progress)) / 2);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"CosineSchedule({TotalSteps} steps{(WarmupSteps > 0 ? $", warm-up {WarmupSteps} from ×{Format(WarmupStartFactor)}" : "")}{(MinLearningRate > 0 ? $", min {Format(MinLearningRate)}" : "")})";
}
