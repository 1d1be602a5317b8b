using DiyNet.Modules;
using DiyNet.Tensors;
using System.Numerics.Tensors;
using Tensor = DiyNet.Tensors.Tensor;

namespace DiyNet.Optimization;

/// <summary>
/// Gradient descent with Nesterov momentum, as <c>torch.optim.SGD(momentum=μ, nesterov=True)</c>:
/// <c>b ← μ·b + g; p ← p − ε·(g + μ·b)</c>. State: <c>momentum_buffer</c>.
/// </summary>
public sealed class NesterovSgd : UpdateRule
{
    private readonly Tensor[] _buffer;

    /// <summary>Creates the rule over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">The step ε.</param>
    /// <param name="momentum">The momentum μ in (0, 1).</param>
    /// <param name="weightDecay">L2 weight decay λ ≥ 0, added to the gradient.</param>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is out of range.</exception>
    public NesterovSgd(IReadOnlyList<Parameter> parameters, float learningRate, float momentum = 0.9f, float weightDecay = 0f)
        : base(parameters, learningRate, weightDecay)
    {
        if (!(momentum > 0f && momentum < 1f))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "NesterovSgd: the momentum must be in (0, 1).");
        Momentum = momentum;
        _buffer = AddState("momentum_buffer");
    }

    /// <summary>The momentum μ.</summary>
    public float Momentum { get; }

    /// <inheritdoc />
    protected override void Update(int index, int offset, Span<float> value, Span<float> gradient)
    {
        Span<float> b = _buffer[index].Span.Slice(offset, value.Length);
        TensorPrimitives.MultiplyAdd(b, Momentum, gradient, b);             // b ← μ·b + g
        TensorPrimitives.MultiplyAdd(b, Momentum, gradient, gradient);      // g ← g + μ·b
        TensorPrimitives.MultiplyAdd(gradient, -LearningRate, value, value); // p ← p − ε·g
    }

    /// <inheritdoc />
    public override string ToString() => $"NesterovSgd(lr {Format(LearningRate)}, momentum {Format(Momentum)}{DecaySuffix})";
}
