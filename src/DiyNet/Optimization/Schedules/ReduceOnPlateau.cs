namespace DiyNet.Optimization;

/// <summary>
/// Lowers the rate when a metric to minimize stops improving, as <c>torch.optim.lr_scheduler.ReduceLROnPlateau</c>
/// (mode min, relative threshold): a step improves when <c>metric &lt; best·(1 − threshold)</c>; after more than
/// <c>patience</c> steps without improvement the rate becomes <c>max(lr·factor, min_lr)</c> and a cooldown of
/// <c>cooldown</c> steps follows, during which bad steps are not counted.
/// </summary>
public sealed class ReduceOnPlateau : LearningRateSchedule
{
    private double _best;
    private int _bad, _cooldownLeft;

    /// <summary>Creates the schedule.</summary>
    /// <param name="factor">Factor applied on a plateau, in (0, 1).</param>
    /// <param name="patience">Steps without improvement tolerated, ≥ 0.</param>
    /// <param name="threshold">Relative improvement that counts, ≥ 0.</param>
    /// <param name="cooldown">Steps after a reduction during which bad steps are not counted, ≥ 0.</param>
    /// <param name="minLearningRate">The rate never goes below this, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public ReduceOnPlateau(float factor = 0.1f, int patience = 10, float threshold = 1e-4f, int cooldown = 0, float minLearningRate = 0f)
    {
        if (!(factor > 0f && factor < 1f)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "ReduceOnPlateau: the factor must be in (0, 1).");
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), patience, "ReduceOnPlateau: patience must be ≥ 0.");
        if (!(threshold >= 0f) || !float.IsFinite(threshold)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "ReduceOnPlateau: the threshold must be ≥ 0.");
        if (cooldown < 0) throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, "ReduceOnPlateau: the cooldown must be ≥ 0.");
        if (!(minLearningRate >= 0f) || !float.IsFinite(minLearningRate)) throw new ArgumentOutOfRangeException(nameof(minLearningRate), minLearningRate, "ReduceOnPlateau: the minimum rate must be ≥ 0.");
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        Cooldown = cooldown;
        MinLearningRate = minLearningRate;
    }

    /// <summary>Factor applied on a plateau.</summary>
    public float Factor { get; }

    /// <summary>Steps without improvement tolerated.</summary>
    public int Patience { get; }

    /// <summary>Relative improvement that counts.</summary>
    public float Threshold { get; }

    /// <summary>Steps after a reduction during which bad steps are not counted.</summary>
    public int Cooldown { get; }

    /// <summary>The floor of the rate.</summary>
    public float MinLearningRate { get; }

    /// <inheritdoc />
    public override bool NeedsMetric => true;

    /// <inheritdoc />
    protected override void Reset()
    {
        _best = double.PositiveInfinity;
        _bad = 0;
        _cooldownLeft = 0;
    }

    /// <inheritdoc />
    protected override float Next(long step, float current, float metric)
    {
        if (step == 0) return current;
        if (metric < _best * (1.0 - Threshold))
        {
            _best = metric;
            _bad = 0;
        }
        else _bad++;
        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _bad = 0;
        }
        if (_bad <= Patience) return current;
        float reduced = Math.Max(current * Factor, MinLearningRate);
        _cooldownLeft = Cooldown;
        _bad = 0;
        return current - reduced > 1e-8f ? reduced : current;
    }

    /// <inheritdoc />
    protected override IEnumerable<(string Name, double Value)> ExtraState() =>
        [("best", _best), ("num_bad_epochs", _bad), ("cooldown_counter", _cooldownLeft)];

    /// <inheritdoc />
    protected override void LoadExtraState(IReadOnlyDictionary<string, double> values)
    {
        _best = values["best"];
        _bad = (int)values["num_bad_epochs"];
        _cooldownLeft = (int)values["cooldown_counter"];
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"ReduceOnPlateau(factor {Format(Factor)}, patience {Patience}, threshold {Format(Threshold)}{(Cooldown > 0 ? $", cooldown {Cooldown}" : "")}{(MinLearningRate > 0 ? $", min {Format(MinLearningRate)}" : "")})";
}
