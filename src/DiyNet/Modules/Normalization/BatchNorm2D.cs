namespace DiyNet.Modules;

/// <summary>
/// Batch normalization of channels-last feature maps, as <c>torch.nn.BatchNorm2d</c>: statistics per channel over the
/// batch and every position. See <see cref="BatchNormalization"/> for the math and the modes.
/// </summary>
/// <remarks>Shape: (N, H, W, C) → (N, H, W, C) (PyTorch's (N, C, H, W)).</remarks>
public sealed class BatchNorm2D : BatchNormalization
{
    /// <summary>Creates the layer with PyTorch's defaults (γ = 1, β = 0, running mean 0 and variance 1).</summary>
    /// <param name="features">Number of channels C.</param>
    /// <param name="eps">ε added to the variance.</param>
    /// <param name="momentum">Weight of the new batch in the running statistics, in [0, 1].</param>
    /// <param name="affine">Whether to learn the scale γ and shift β.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public BatchNorm2D(int features, float eps = 1e-5f, float momentum = 0.1f, bool affine = true)
        : base(features, eps, momentum, affine) { }

    private protected override void CheckInput(Tensors.Tensor input)
    {
        if (input.Rank != 4 || input.Dim(-1) != Features)
            throw new ShapeException(this, "input", $"(N, H, W, {Features})", input.ShapeString);
    }
}
