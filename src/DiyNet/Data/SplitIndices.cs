namespace DiyNet.Data;

/// <summary>A partition of example indices into a training part and a held-out part (both sorted ascending).</summary>
/// <param name="Train">Indices of the training examples.</param>
/// <param name="Test">Indices of the held-out examples.</param>
public sealed record SplitIndices(int[] Train, int[] Test);
