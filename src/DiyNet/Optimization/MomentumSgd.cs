using DiyNet.Kernels;
using DiyNet.Modules;
using DiyNet.Tensors;
using System.Numerics.Tensors;
using Tensor = DiyNet.Tensors.Tensor;

namespace DiyNet.Optimization;

/// <summary>
/// Gradient descent with heavy-ball momentum, as <c>torch.optim.SGD(momentum=μ)</c>:
/// <c>b ← μ·b + g; p ← p − ε·b</c> (b starts at 0, so the first step is <c>b = g</c>, as PyTorch's).
/// State: <c>momentum_buffer</c>.
/// </summary>
public sealed class MomentumSgd : UpdateRule
{
    private readonly Tensor[] _buffer;

    /// <summary>Creates the rule over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">The step ε.</param>
    /// <param name="momentum">The momentum μ in [0, 1).</param>
    /// <param name="weightDecay">L2 weight decay λ ≥ 0, added to the gradient.</param>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is out of range.</exception>
    public MomentumSgd(IReadOnlyList<Parameter> parameters, float learningRate, float momentum = 0.9f, float weightDecay = 0f)
        : base(parameters, learningRate, weightDecay)
    {
        if (!(momentum >= 0f && momentum < 1f))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "MomentumSgd: the momentum must be in [0, 1).");
        Momentum = momentum;
        _buffer = AddState("momentum_buffer");
    }

    /// <summary>The momentum μ.</summary>
    public float Momentum { get; }

    /// <inheritdoc />
    protected override void Update(int index, int offset, Span<float> value, Span<float> gradient)
    {
        Span<float> b = _buffer[index].Span.Slice(offset, value.Length);
        TensorPrimitives.MultiplyAdd(b, Momentum, gradient, b);          // b ← μ·b + g
        FastMultiplyAdd.Spans(b, -LearningRate, value, value);   // p ← p − ε·b
    }

    /// <inheritdoc />
    public override string ToString() => $"MomentumSgd(lr {Format(LearningRate)}, momentum {Format(Momentum)}{DecaySuffix})";
}
