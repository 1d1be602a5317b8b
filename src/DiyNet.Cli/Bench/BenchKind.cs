using DiyNet.Losses;
using DiyNet.Training;

namespace DiyNet.Cli.Bench;

/// <summary>What a benchmark workload does with its network.</summary>
internal enum BenchKind
{
    /// <summary>Trains a classifier: raw scores, <see cref="CELogSoftmax"/>, one-hot targets over 10 classes.</summary>
    Classify,

    /// <summary>Trains an autoencoder: sigmoid output, <see cref="BCELoss"/> against the input itself.</summary>
    AutoEncode,

    /// <summary>Forward passes only (<see cref="Evaluator.Predict(DiyNet.Modules.Module, DiyNet.Tensors.Tensor, int)"/>), no training.</summary>
    Infer,
}
