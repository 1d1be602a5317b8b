using DiyNet.Tensors;

namespace DiyNet.Analysis;

/// <summary>The outcome of <see cref="Tsne.Fit"/>.</summary>
/// <param name="Embedding">The points in the plane, shape (N, 2), centred on the origin.</param>
/// <param name="History">The KL divergence every <see cref="TsneOptions.RecordEvery"/> iterations and at the last one.</param>
/// <param name="LearningRate">The step used (resolved when the options asked for "auto").</param>
public sealed record TsneResult(Tensor Embedding, IReadOnlyList<TsneRecord> History, double LearningRate)
{
    /// <summary>KL(P ‖ Q) at the last iteration.</summary>
    public double KlDivergence => History[^1].KlDivergence;
}
