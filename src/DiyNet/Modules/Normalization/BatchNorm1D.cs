namespace DiyNet.Modules;

/// <summary>
/// Batch normalization of features, as <c>torch.nn.BatchNorm1d</c>: statistics per feature over the batch (and over
/// the positions of a channels-last sequence). See <see cref="BatchNormalization"/> for the math and the modes.
/// </summary>
/// <remarks>Shape: (N, C) → (N, C), or channels-last (N, L, C) → (N, L, C) (PyTorch's (N, C, L)).</remarks>
public sealed class BatchNorm1D : BatchNormalization
{
    /// <summary>Creates the layer with PyTorch's defaults (γ = 1, β = 0, running mean 0 and variance 1).</summary>
    /// <param name="features">Number of features C.</param>
    /// <param name="eps">ε added to the variance.</param>
    /// <param name="momentum">Weight of the new batch in the running statistics, in [0, 1].</param>
    /// <param name="affine">Whether to learn the scale γ and shift β.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public BatchNorm1D(int features, float eps = 1e-5f, float momentum = 0.1f, bool affine = true)
        : base(features, eps, momentum, affine) { }

    private protected override void CheckInput(Tensors.Tensor input)
    {
        if (input.Rank is not (2 or 3) || input.Dim(-1) != Features)
            throw new ShapeException(this, "input", $"(N, {Features}) or (N, L, {Features})", input.ShapeString);
    }
}
