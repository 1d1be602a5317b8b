using DiyNet.Modules;
using DiyNet.Tensors;
using System.Numerics.Tensors;
using Tensor = DiyNet.Tensors.Tensor;

namespace DiyNet.Optimization;

/// <summary>
/// RMSprop (Hinton), as <c>torch.optim.RMSprop</c> (not centered): <c>s ← α·s + (1−α)·g²;
/// p ← p − ε·g/(√s + δ)</c>; with momentum μ &gt; 0, <c>b ← μ·b + g/(√s + δ); p ← p − ε·b</c>.
/// State: <c>square_avg</c>, and <c>momentum_buffer</c> when μ &gt; 0.
/// </summary>
public sealed class RMSprop : UpdateRule
{
    private readonly Tensor[] _square;
    private readonly Tensor[]? _buffer;

    /// <summary>Creates the rule over <paramref name="parameters"/> (PyTorch's defaults).</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">The step ε.</param>
    /// <param name="alpha">Decay α of the mean square, in [0, 1).</param>
    /// <param name="epsilon">δ added to the root of the mean square, positive.</param>
    /// <param name="momentum">Momentum μ in [0, 1).</param>
    /// <param name="weightDecay">L2 weight decay λ ≥ 0, added to the gradient.</param>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is out of range.</exception>
    public RMSprop(IReadOnlyList<Parameter> parameters, float learningRate = 1e-2f, float alpha = 0.99f, float epsilon = 1e-8f,
        float momentum = 0f, float weightDecay = 0f)
        : base(parameters, learningRate, weightDecay)
    {
        if (!(alpha >= 0f && alpha < 1f)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "RMSprop: alpha must be in [0, 1).");
        if (!(epsilon > 0f) || !float.IsFinite(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "RMSprop: epsilon must be positive and finite.");
        if (!(momentum >= 0f && momentum < 1f)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "RMSprop: the momentum must be in [0, 1).");
        Alpha = alpha;
        Epsilon = epsilon;
        Momentum = momentum;
        _square = AddState("square_avg");
        if (momentum > 0f) _buffer = AddState("momentum_buffer");
    }

    /// <summary>Decay α of the mean square.</summary>
    public float Alpha { get; }

    /// <summary>δ added to the root of the mean square.</summary>
    public float Epsilon { get; }

    /// <summary>The momentum μ (0: none).</summary>
    public float Momentum { get; }

    /// <inheritdoc />
    protected override void Update(int index, int offset, Span<float> value, Span<float> gradient)
    {
        Span<float> s = _square[index].Span.Slice(offset, value.Length), g = gradient;
        for (int i = 0; i < g.Length; i++)
        {
            float gi = g[i];
            float si = s[i] * Alpha + (1f - Alpha) * gi * gi;   // s ← α·s + (1−α)·g²
            s[i] = si;
            g[i] = gi / (MathF.Sqrt(si) + Epsilon);             // g ← g / (√s + δ)
        }
        if (_buffer is null)
        {
            TensorPrimitives.MultiplyAdd(g, -LearningRate, value, value);
            return;
        }
        Span<float> b = _buffer[index].Span.Slice(offset, value.Length);
        TensorPrimitives.MultiplyAdd(b, Momentum, g, b);                  // b ← μ·b + g/(√s + δ)
        TensorPrimitives.MultiplyAdd(b, -LearningRate, value, value);     // p ← p − ε·b
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"RMSprop(lr {Format(LearningRate)}, alpha {Format(Alpha)}, eps {Format(Epsilon)}{(Momentum > 0f ? $", momentum {Format(Momentum)}" : "")}{DecaySuffix})";
}
