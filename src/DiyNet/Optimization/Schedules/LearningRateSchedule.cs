using System.Globalization;

namespace DiyNet.Optimization;

/// <summary>
/// A learning-rate schedule, as <c>torch.optim.lr_scheduler</c>: <see cref="Start"/> takes the base rate, each
/// <see cref="Step"/> (after an epoch, or a batch) gives the rate for what follows. Schedules that depend only on the
/// step count are closed forms of it; <see cref="ReduceOnPlateau"/> also reads the metric passed to <see cref="Step"/>.
/// </summary>
/// <remarks>
/// A schedule object holds the state of one run: <see cref="Start"/> resets it, so that the same options can train
/// several networks one after the other. <see cref="State"/> and <see cref="LoadState"/> keep it in checkpoints.
/// </remarks>
public abstract class LearningRateSchedule
{
    /// <summary>The base (initial) learning rate given to <see cref="Start"/>.</summary>
    public float BaseLearningRate { get; private set; }

    /// <summary>Number of <see cref="Step"/> calls since <see cref="Start"/>.</summary>
    public long StepCount { get; private set; }

    /// <summary>The current learning rate.</summary>
    public float LearningRate { get; private set; }

    /// <summary>Whether <see cref="Step"/> needs a metric (a loss to minimize).</summary>
    public virtual bool NeedsMetric => false;

    /// <summary>Resets the schedule for a run at <paramref name="baseLearningRate"/> and returns the first rate.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not positive and finite.</exception>
    public float Start(float baseLearningRate)
    {
        if (!(baseLearningRate > 0f) || !float.IsFinite(baseLearningRate))
            throw new ArgumentOutOfRangeException(nameof(baseLearningRate), baseLearningRate, $"{this}: the base learning rate must be positive and finite.");
        BaseLearningRate = baseLearningRate;
        StepCount = 0;
        Reset();
        LearningRate = Next(0, baseLearningRate, float.NaN);
        return LearningRate;
    }

    /// <summary>Advances one step and returns the new learning rate.</summary>
    /// <param name="metric">The monitored value (for <see cref="ReduceOnPlateau"/>; ignored by the others).</param>
    /// <exception cref="InvalidOperationException"><see cref="Start"/> was not called.</exception>
    /// <exception cref="ArgumentException">The schedule needs a metric and <paramref name="metric"/> is NaN.</exception>
    public float Step(float metric = float.NaN)
    {
        if (BaseLearningRate == 0f) throw new InvalidOperationException($"{this}: call Start(baseLearningRate) before Step.");
        if (NeedsMetric && float.IsNaN(metric)) throw new ArgumentException($"{this}: Step needs the monitored metric.", nameof(metric));
        StepCount++;
        LearningRate = Next(StepCount, LearningRate, metric);
        return LearningRate;
    }

    /// <summary>The state for a checkpoint: the step count, the current rate and any counters of the schedule.</summary>
    public IReadOnlyList<(string Name, double Value)> State =>
        [("base_lr", BaseLearningRate), ("step", StepCount), ("lr", LearningRate), .. ExtraState()];

    /// <summary>Restores a state read from <see cref="State"/>.</summary>
    /// <exception cref="ArgumentException">A name is missing or unknown.</exception>
    public void LoadState(IReadOnlyList<(string Name, double Value)> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var values = state.ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);
        var expected = State.Select(s => s.Name).ToArray();
        var missing = expected.Where(n => !values.ContainsKey(n)).ToArray();
        var unknown = values.Keys.Where(n => !expected.Contains(n)).ToArray();
        if (missing.Length > 0 || unknown.Length > 0)
            throw new ArgumentException($"{this}: cannot load the state: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unknown)}].", nameof(state));
        BaseLearningRate = (float)values["base_lr"];
        StepCount = (long)values["step"];
        LearningRate = (float)values["lr"];
        LoadExtraState(values);
    }

    /// <summary>The learning rate after <paramref name="step"/> steps, given the current one and the metric.</summary>
    protected abstract float Next(long step, float current, float metric);

    /// <summary>Clears the schedule's own counters (called by <see cref="Start"/>).</summary>
    protected virtual void Reset() { }

    /// <summary>The schedule's own counters, for <see cref="State"/>.</summary>
    protected virtual IEnumerable<(string Name, double Value)> ExtraState() => [];

    /// <summary>Restores the counters of <see cref="ExtraState"/>.</summary>
    protected virtual void LoadExtraState(IReadOnlyDictionary<string, double> values) { }

    /// <summary>Formats a setting for <see cref="object.ToString"/>.</summary>
    protected static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
