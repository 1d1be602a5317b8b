using DiyNet.Modules;
using DiyNet.Tensors;
using System.Numerics.Tensors;
using Tensor = DiyNet.Tensors.Tensor;

namespace DiyNet.Optimization;

/// <summary>
/// Adam (Kingma &amp; Ba, 2015), as <c>torch.optim.Adam</c>: <c>m ← β₁·m + (1−β₁)·g; v ← β₂·v + (1−β₂)·g²;
/// p ← p − ε/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + δ)</c>, with an optional L2 weight decay added to g.
/// State: <c>exp_avg</c> (m) and <c>exp_avg_sq</c> (v). A step allocates nothing (the gradient serves as scratch).
/// </summary>
public class Adam : UpdateRule
{
    private readonly Tensor[] _m, _v;

    /// <summary>Creates the rule over <paramref name="parameters"/> (PyTorch's defaults).</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">The step ε.</param>
    /// <param name="beta1">Decay β₁ of the first moment, in [0, 1).</param>
    /// <param name="beta2">Decay β₂ of the second moment, in [0, 1).</param>
    /// <param name="epsilon">δ added to the root of the second moment, positive.</param>
    /// <param name="weightDecay">L2 weight decay λ ≥ 0, added to the gradient.</param>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is out of range.</exception>
    public Adam(IReadOnlyList<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-8f, float weightDecay = 0f)
        : base(parameters, learningRate, weightDecay)
    {
        string name = GetType().Name;
        if (!(beta1 >= 0f && beta1 < 1f)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, $"{name}: beta1 must be in [0, 1).");
        if (!(beta2 >= 0f && beta2 < 1f)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, $"{name}: beta2 must be in [0, 1).");
        if (!(epsilon > 0f) || !float.IsFinite(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"{name}: epsilon must be positive and finite.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        _m = AddState("exp_avg");
        _v = AddState("exp_avg_sq");
    }

    /// <summary>Decay β₁ of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>Decay β₂ of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>δ added to the root of the second moment.</summary>
    public float Epsilon { get; }

    /// <inheritdoc />
    protected override void Update(int index, int offset, Span<float> value, Span<float> gradient)
    {
        Span<float> m = _m[index].Span.Slice(offset, value.Length), v = _v[index].Span.Slice(offset, value.Length), g = gradient;
        double c1 = 1 - Math.Pow(Beta1, StepCount), c2 = 1 - Math.Pow(Beta2, StepCount);
        float stepSize = (float)(LearningRate / c1), rootC2 = (float)Math.Sqrt(c2);
        TensorPrimitives.Lerp(m, g, 1f - Beta1, m);        // m ← β₁·m + (1−β₁)·g
        TensorPrimitives.Multiply(g, g, g);                // g ← g²
        TensorPrimitives.Lerp(v, g, 1f - Beta2, v);        // v ← β₂·v + (1−β₂)·g²
        TensorPrimitives.Sqrt(v, g);                       // g ← √v
        TensorPrimitives.Divide(g, rootC2, g);             // g ← √v / √(1−β₂ᵗ)
        TensorPrimitives.Add(g, Epsilon, g);               // g ← … + δ
        TensorPrimitives.Divide(m, g, g);                  // g ← m / (…)
        TensorPrimitives.MultiplyAdd(g, -stepSize, value, value);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{GetType().Name}(lr {Format(LearningRate)}, betas ({Format(Beta1)}, {Format(Beta2)}), eps {Format(Epsilon)}{DecaySuffix})";
}
