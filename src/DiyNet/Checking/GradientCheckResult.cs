namespace DiyNet.Checking;

/// <summary>The outcome of a <see cref="GradientCheck"/>: the worst disagreement between analytic and numeric gradients.</summary>
/// <param name="Subject">What was checked (module or loss, as text).</param>
/// <param name="MaxError">Largest <c>|analytic − numeric| / max(1, |numeric|)</c> over every checked coordinate.</param>
/// <param name="Worst">Where the largest error is, with both values.</param>
/// <param name="Tolerance">The tolerance the check was run with.</param>
/// <param name="Checked">Number of coordinates compared.</param>
public sealed record GradientCheckResult(string Subject, double MaxError, string Worst, double Tolerance, int Checked)
{
    /// <summary>True when every coordinate agrees within the tolerance.</summary>
    public bool Passed => MaxError <= Tolerance;

    /// <summary>Throws an <see cref="InvalidOperationException"/> describing the worst coordinate when the check failed.</summary>
    public GradientCheckResult ThrowIfFailed()
    {
        if (!Passed) throw new InvalidOperationException(ToString());
        return this;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"GradientCheck {Subject}: {(Passed ? "passed" : "FAILED")}, max error {MaxError:G3} (tolerance {Tolerance:G3}) over {Checked} coordinates; worst: {Worst}";
}
