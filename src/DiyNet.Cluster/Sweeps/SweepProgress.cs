namespace DiyNet.Cluster;

/// <summary>Where a sweep stands.</summary>
/// <param name="Total">Trials in the sweep.</param>
/// <param name="Done">Trials finished with a score.</param>
/// <param name="Failed">Trials finished with an error.</param>
/// <param name="Running">Trials handed to a silo and not finished (queued for a slot included).</param>
/// <param name="BestTrial">The best finished trial so far, or null.</param>
/// <param name="BestScore">Its mean score (NaN when none).</param>
/// <param name="Seconds">Wall time so far.</param>
public sealed record SweepProgress(int Total, int Done, int Failed, int Running, int? BestTrial, double BestScore, double Seconds)
{
    /// <summary>Trials not started yet.</summary>
    public int Pending => Total - Done - Failed - Running;

    /// <summary>E.g. <c>12/34 done, 1 failed, 4 running, 17 pending; best #7 0.9612 (41 s)</c>.</summary>
    public override string ToString() =>
        $"{Done}/{Total} done, {Failed} failed, {Running} running, {Pending} pending; " +
        (BestTrial is int b ? $"best #{b} {BestScore.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)}" : "no result yet") +
        $" ({Seconds:F0} s)";
}
