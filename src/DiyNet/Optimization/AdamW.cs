using DiyNet.Modules;

namespace DiyNet.Optimization;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter, 2019), as <c>torch.optim.AdamW</c>: the weight decay is decoupled from the
/// gradient, <c>p ← p·(1 − ε·λ)</c>, then the <see cref="Adam"/> step on the raw gradient. PyTorch's default λ = 0.01.
/// State: <c>exp_avg</c>, <c>exp_avg_sq</c>.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the rule over <paramref name="parameters"/> (PyTorch's defaults).</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">The step ε.</param>
    /// <param name="beta1">Decay β₁ of the first moment, in [0, 1).</param>
    /// <param name="beta2">Decay β₂ of the second moment, in [0, 1).</param>
    /// <param name="epsilon">δ added to the root of the second moment, positive.</param>
    /// <param name="weightDecay">Decoupled weight decay λ ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is out of range.</exception>
    public AdamW(IReadOnlyList<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-8f, float weightDecay = 0.01f)
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay) { }

    /// <inheritdoc />
    protected override bool DecoupledWeightDecay => true;

    /// <inheritdoc />
    protected override void Update(int index, int offset, Span<float> value, Span<float> gradient)
    {
        if (WeightDecay > 0f) System.Numerics.Tensors.TensorPrimitives.Multiply(value, 1f - LearningRate * WeightDecay, value);
        base.Update(index, offset, value, gradient);
    }
}
