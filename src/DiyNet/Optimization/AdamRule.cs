using DiyNet.Modules;
using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;

namespace DiyNet.Optimization;

/// <summary>
/// The Adam update over a network's parameters: per-parameter first and second moment estimates with bias
/// correction, <c>p ← p − ε·m̂/(√v̂ + δ)</c> where <c>m̂ = m/(1−β₁ᵗ)</c>, <c>v̂ = v/(1−β₂ᵗ)</c> (PyTorch's formula).
/// A step allocates nothing: the gradient buffer serves as scratch and is left at zero.
/// </summary>
internal sealed class AdamRule
{
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly Tensor[] _m, _v;
    private readonly float _beta1, _beta2, _delta;
    private long _t;

    /// <summary>Creates the moment buffers (zeros) for every parameter.</summary>
    public AdamRule(IReadOnlyList<Parameter> parameters, float beta1, float beta2, float delta)
    {
        _parameters = parameters;
        _beta1 = beta1;
        _beta2 = beta2;
        _delta = delta;
        _m = parameters.Select(p => new Tensor(p.Value.Shape.ToArray())).ToArray();
        _v = parameters.Select(p => new Tensor(p.Value.Shape.ToArray())).ToArray();
    }

    /// <summary>Applies one update with step <paramref name="eps"/> from the accumulated gradients, then zeroes them.</summary>
    public void Update(float eps)
    {
        _t++;
        double c1 = 1 - Math.Pow(_beta1, _t), c2 = 1 - Math.Pow(_beta2, _t);
        // p − ε/c1 · m / (√v/√c2 + δ) = p − (ε·√c2/c1) · m / (√v + δ·√c2): one scale instead of two.
        float step = (float)(eps * Math.Sqrt(c2) / c1);
        float delta = (float)(_delta * Math.Sqrt(c2));
        for (int i = 0; i < _parameters.Count; i++)
        {
            Span<float> p = _parameters[i].Value.Span, g = _parameters[i].Gradient.Span;
            Span<float> m = _m[i].Span, v = _v[i].Span;
            TensorPrimitives.Lerp(m, g, 1f - _beta1, m);      // m ← β₁·m + (1−β₁)·g
            TensorPrimitives.Multiply(g, g, g);               // g ← g²
            TensorPrimitives.Lerp(v, g, 1f - _beta2, v);      // v ← β₂·v + (1−β₂)·g²
            TensorPrimitives.Sqrt(v, g);                      // g ← √v
            TensorPrimitives.Add(g, delta, g);                // g ← √v + δ'
            TensorPrimitives.Divide(m, g, g);                 // g ← m / (√v + δ')
            TensorPrimitives.MultiplyAdd(g, -step, p, p);     // p ← p − step·g
            g.Clear();
        }
    }
}
