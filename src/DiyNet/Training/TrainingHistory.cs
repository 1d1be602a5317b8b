namespace DiyNet.Training;

/// <summary>The per-epoch record of a training run.</summary>
public sealed class TrainingHistory
{
    private readonly List<EpochRecord> _epochs = [];

    /// <summary>The epochs, in order.</summary>
    public IReadOnlyList<EpochRecord> Epochs => _epochs;

    /// <summary>True when training stopped before the last epoch because the loss (or the monitored measure) stopped improving.</summary>
    public bool StoppedEarly { get; internal set; }

    /// <summary>The best epoch of <see cref="TrainingOptions.EarlyStopping"/> (1-based), or null without early stopping.</summary>
    public int? BestEpoch { get; internal set; }

    /// <summary>Whether the network holds the weights of <see cref="BestEpoch"/> (restored at the end).</summary>
    public bool RestoredBestWeights { get; internal set; }

    /// <summary>Train loss per epoch.</summary>
    public float[] TrainLoss => _epochs.Select(e => e.TrainLoss).ToArray();

    /// <summary>Validation loss per epoch (empty without validation data).</summary>
    public float[] ValidationLoss => _epochs.Where(e => e.ValidationLoss.HasValue).Select(e => e.ValidationLoss!.Value).ToArray();

    /// <summary>Validation accuracy per epoch (empty without validation data).</summary>
    public float[] ValidationAccuracy => _epochs.Where(e => e.ValidationAccuracy.HasValue).Select(e => e.ValidationAccuracy!.Value).ToArray();

    /// <summary>The warnings of the run (divergence), in order; empty for a healthy run.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    private readonly List<string> _warnings = [];

    internal void Add(EpochRecord record) => _epochs.Add(record);

    internal void Warn(string warning) => _warnings.Add(warning);
}
