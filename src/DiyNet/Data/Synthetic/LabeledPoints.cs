using DiyNet.Tensors;

namespace DiyNet.Data;

/// <summary>2-D points with binary labels in {0, 1}.</summary>
/// <param name="X">The points, shape (N, 2).</param>
/// <param name="Labels">The labels, 0 or 1.</param>
public sealed record LabeledPoints(Tensor X, int[] Labels)
{
    /// <summary>Targets (N, 1) in {0, 1}, for a Sigmoid output with BCE or MSE.</summary>
    public Tensor BinaryTargets()
    {
        var y = new Tensor(Labels.Length, 1);
        for (int i = 0; i < Labels.Length; i++) y[i, 0] = Labels[i];
        return y;
    }

    /// <summary>Targets (N, 1) in {−1, +1}, the course's convention for a linear or TanH output with MSE.</summary>
    public Tensor SignedTargets()
    {
        var y = new Tensor(Labels.Length, 1);
        for (int i = 0; i < Labels.Length; i++) y[i, 0] = Labels[i] == 1 ? 1f : -1f;
        return y;
    }

    /// <summary>Number of points.</summary>
    public int Count => Labels.Length;
}
