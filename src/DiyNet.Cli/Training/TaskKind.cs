namespace DiyNet.Cli.Training;

/// <summary>What a trained network predicts.</summary>
internal enum TaskKind
{
    /// <summary>One class per example: the network outputs one score per class, trained with cross-entropy.</summary>
    Classification,

    /// <summary>One number per example: the network outputs it, trained with the mean squared error.</summary>
    Regression,
}
