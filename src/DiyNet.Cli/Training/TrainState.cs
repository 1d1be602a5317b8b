namespace DiyNet.Cli.Training;

/// <summary>
/// Where a run stands, saved in every checkpoint (<c>checkpoint/state.json</c>): the epochs finished, the batches done
/// in the current one and their loss sum, the history, the best validation result and the early-stopping count.
/// </summary>
internal sealed record TrainState
{
    /// <summary>Epochs fully done.</summary>
    public int Epoch { get; init; }

    /// <summary>Batches done in epoch <see cref="Epoch"/> + 1 (non-zero only after an interruption).</summary>
    public int Batch { get; init; }

    /// <summary>Sum of batch loss × batch size over those batches.</summary>
    public double LossSum { get; init; }

    /// <summary>Examples in those batches.</summary>
    public long LossCount { get; init; }

    /// <summary>Training seconds so far.</summary>
    public double Seconds { get; init; }

    public IReadOnlyList<EpochResult> History { get; init; } = [];

    /// <summary>The best validation score so far (accuracy, or −loss for regression; higher is better), null before any.</summary>
    public double? BestScore { get; init; }

    /// <summary>The epoch of <see cref="BestScore"/>.</summary>
    public int BestEpoch { get; init; }

    /// <summary>Epochs since the best one.</summary>
    public int EpochsWithoutImprovement { get; init; }

    /// <summary>True once the run has ended (all epochs, or stopped early).</summary>
    public bool Finished { get; init; }

    /// <summary>True when early stopping ended the run.</summary>
    public bool StoppedEarly { get; init; }
}
