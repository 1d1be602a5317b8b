using DiyNet.Tensors;
using System.Globalization;
using System.Numerics.Tensors;
using Tensor = DiyNet.Tensors.Tensor;

namespace DiyNet.Modules;

/// <summary>
/// Layer normalization over the last axis, as <c>torch.nn.LayerNorm(features)</c>: for each row of D features,
/// <c>x̂ = (x − mean)/√(var + ε)</c> (biased variance), <c>y = γ·x̂ + β</c>; the same in both modes.
/// Backward per row: <c>∂x = 1/√(var + ε) · (g − mean(g) − x̂·mean(g·x̂))</c> with <c>g = γ·δ</c>;
/// <c>∂γ += Σ δ·x̂</c>, <c>∂β += Σ δ</c>.
/// </summary>
/// <remarks>Shape: (…, D) → same, any rank ≥ 2. A step allocates nothing.</remarks>
public sealed class LayerNorm : Module
{
    private Tensor? _output, _gradInput, _normalized, _invStd;
    private readonly float[] _scaled;

    /// <summary>Creates the layer (γ = 1, β = 0).</summary>
    /// <param name="features">Number of features D (the last axis).</param>
    /// <param name="eps">ε added to the variance.</param>
    /// <param name="affine">Whether to learn the scale γ and shift β (PyTorch's elementwise_affine).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public LayerNorm(int features, float eps = 1e-5f, bool affine = true)
    {
        if (features <= 0) throw new ArgumentOutOfRangeException(nameof(features), features, "LayerNorm: the number of features must be positive.");
        if (!(eps > 0f) || !float.IsFinite(eps)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "LayerNorm: eps must be positive and finite.");
        Features = features;
        Epsilon = eps;
        if (affine)
        {
            Weight = AddParameter("weight", Tensor.Full(1f, features));
            Bias = AddParameter("bias", new Tensor(features));
        }
        _scaled = new float[features];
    }

    /// <summary>Number of features D.</summary>
    public int Features { get; }

    /// <summary>ε added to the variance.</summary>
    public float Epsilon { get; }

    /// <summary>The scale γ, shape (D), or null when not affine.</summary>
    public Parameter? Weight { get; }

    /// <summary>The shift β, shape (D), or null when not affine.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        CheckInput(input);
        RememberInput(input);
        int d = Features, rows = input.Length / d;
        var y = Tensor.Ensure(ref _output, input.Shape);
        var xhat = Tensor.Ensure(ref _normalized, input.Shape);
        var invStd = Tensor.Ensure(ref _invStd, rows);
        ReadOnlySpan<float> x = input.Span;
        Span<float> xs = xhat.Span, ys = y.Span, inv = invStd.Span;
        for (int i = 0; i < rows; i++)
        {
            var xi = x.Slice(i * d, d);
            var hi = xs.Slice(i * d, d);
            float mean = TensorPrimitives.Sum(xi) / d;
            TensorPrimitives.Subtract(xi, mean, hi);
            float variance = TensorPrimitives.SumOfSquares(hi) / d;
            inv[i] = 1f / MathF.Sqrt(variance + Epsilon);
            TensorPrimitives.Multiply(hi, inv[i], hi);
            if (Weight is null) hi.CopyTo(ys.Slice(i * d, d));
            else TensorPrimitives.MultiplyAdd(hi, Weight.Value.Span, Bias!.Value.Span, ys.Slice(i * d, d));
        }
        return y;
    }

    /// <summary>∂γ += Σ δ·x̂, ∂β += Σ δ over all rows.</summary>
    public override void BackwardUpdateGradient(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        var xhat = CheckBackward(input, delta);
        if (Weight is null) return;
        int d = Features, rows = input.Length / d;
        ReadOnlySpan<float> ds = delta.Span, xs = xhat.Span;
        Span<float> gw = Weight.Gradient.Span, gb = Bias!.Gradient.Span;
        for (int i = 0; i < rows; i++)
        {
            var di = ds.Slice(i * d, d);
            TensorPrimitives.MultiplyAdd(di, xs.Slice(i * d, d), gw, gw);
            TensorPrimitives.Add(gb, di, gb);
        }
    }

    /// <inheritdoc />
    public override Tensor BackwardDelta(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        var xhat = CheckBackward(input, delta);
        int d = Features, rows = input.Length / d;
        var gx = Tensor.Ensure(ref _gradInput, input.Shape);
        ReadOnlySpan<float> ds = delta.Span, xs = xhat.Span, inv = _invStd!.Span;
        Span<float> g = gx.Span;
        Span<float> scaled = _scaled;
        for (int i = 0; i < rows; i++)
        {
            var di = ds.Slice(i * d, d);
            var hi = xs.Slice(i * d, d);
            var gi = g.Slice(i * d, d);
            if (Weight is null) di.CopyTo(scaled);
            else TensorPrimitives.Multiply(di, Weight.Value.Span, scaled);        // γ·δ
            float meanG = TensorPrimitives.Sum(scaled) / d;
            float meanGx = TensorPrimitives.Dot(scaled, hi) / d;
            TensorPrimitives.Multiply(hi, -meanGx, gi);                             // −x̂·mean(γδ·x̂)
            TensorPrimitives.Add(gi, scaled, gi);                                   // + γδ
            TensorPrimitives.Add(gi, -meanG, gi);                                   // − mean(γδ)
            TensorPrimitives.Multiply(gi, inv[i], gi);
        }
        return gx;
    }

    private void CheckInput(Tensor input)
    {
        if (input.Rank < 2 || input.Dim(-1) != Features)
            throw new ShapeException(this, "input", $"(N, …, {Features})", input.ShapeString);
    }

    private Tensor CheckBackward(Tensor input, Tensor delta)
    {
        CheckInput(input);
        if (!delta.SameShape(input)) throw new ShapeException(this, "delta", input.ShapeString, delta.ShapeString);
        if (_normalized is null || !_normalized.SameShape(input))
            throw new InvalidOperationException($"{this}: backward needs the forward pass of this input first (last forward: {_normalized?.ShapeString ?? "none"}, input {input.ShapeString}).");
        return _normalized;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        string settings = Features.ToString(CultureInfo.InvariantCulture);
        if (Epsilon != 1e-5f) settings += ", eps " + Epsilon.ToString("G6", CultureInfo.InvariantCulture);
        if (Weight is null) settings += ", no affine";
        return $"LayerNorm({settings})";
    }
}
