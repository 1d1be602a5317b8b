namespace DiyNet.Optimization;

/// <summary>
/// The one-cycle policy (Smith &amp; Topin, 2019), as <c>torch.optim.lr_scheduler.OneCycleLR</c> with cosine annealing,
/// two phases and no momentum cycling: the base rate is the peak <c>lr_max</c>; the rate rises from
/// <c>lr_max/div</c> to <c>lr_max</c> over the first <c>pct·T − 1</c> steps, then falls to
/// <c>lr_max/(div·final_div)</c> at step T − 1, both along half cosines. Step it after every batch.
/// </summary>
public sealed class OneCycleSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="totalSteps">Steps T of the cycle (epochs × batches per epoch), at least 2.</param>
    /// <param name="pctStart">Fraction of the cycle spent rising, in (0, 1).</param>
    /// <param name="divFactor">The starting rate is lr_max / divFactor (≥ 1).</param>
    /// <param name="finalDivFactor">The final rate is the starting rate / finalDivFactor (≥ 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public OneCycleSchedule(int totalSteps, float pctStart = 0.3f, float divFactor = 25f, float finalDivFactor = 1e4f)
    {
        if (totalSteps < 2) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "OneCycleSchedule: the cycle needs at least 2 steps.");
        if (!(pctStart > 0f && pctStart < 1f)) throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "OneCycleSchedule: pctStart must be in (0, 1).");
        if (!(divFactor >= 1f) || !float.IsFinite(divFactor)) throw new ArgumentOutOfRangeException(nameof(divFactor), divFactor, "OneCycleSchedule: divFactor must be ≥ 1.");
        if (!(finalDivFactor >= 1f) || !float.IsFinite(finalDivFactor)) throw new ArgumentOutOfRangeException(nameof(finalDivFactor), finalDivFactor, "OneCycleSchedule: finalDivFactor must be ≥ 1.");
        double rise = (double)pctStart * totalSteps - 1;
        if (!(rise > 0 && rise < totalSteps - 1))
            throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, $"OneCycleSchedule: pctStart·T − 1 = {rise} must lie in (0, {totalSteps - 1}).");
        TotalSteps = totalSteps;
        PctStart = pctStart;
        DivFactor = divFactor;
        FinalDivFactor = finalDivFactor;
    }

    /// <summary>Steps of the cycle.</summary>
    public int TotalSteps { get; }

    /// <summary>Fraction of the cycle spent rising.</summary>
    public float PctStart { get; }

    /// <summary>lr_max over the starting rate.</summary>
    public float DivFactor { get; }

    /// <summary>The starting rate over the final one.</summary>
    public float FinalDivFactor { get; }

    /// <inheritdoc />
    protected override float Next(long step, float current, float metric)
    {
        double max = BaseLearningRate, initial = max / DivFactor, min = initial / FinalDivFactor;
        double rise = (double)PctStart * TotalSteps - 1, end = TotalSteps - 1;
        double t = Math.Min(step, end);
        return t <= rise
            ? (float)Anneal(initial, max, t / rise)
            : (float)Anneal(max, min, (t - rise) / (end - rise));
    }

    private static double Anneal(double start, double end, double pct) => end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1);

    /// <inheritdoc />
    public override string ToString() =>
        $"OneCycleSchedule({TotalSteps} steps, rise {Format(PctStart)}, div {Format(DivFactor)}, final div {Format(FinalDivFactor)})";
}
