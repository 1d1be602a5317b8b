using DiyNet.Tensors;
using System.Numerics.Tensors;
using Tensor = DiyNet.Tensors.Tensor;

namespace DiyNet.Modules;

/// <summary>
/// A fixed per-feature affine map, <c>y = (x − shift) ⊙ scale</c>: the input standardization or min-max scaling
/// fitted on training data, kept inside the network (and so inside its model file) as its first module. Shift and
/// scale are buffers (saved with the weights, not trained).
/// </summary>
/// <remarks>Shape: input (N, features) → output (N, features). δ_in = δ ⊙ scale.</remarks>
internal sealed class FeatureScaling : Module
{
    private readonly Tensor _shift, _scale;
    private Tensor? _output, _gradInput;

    /// <summary>The identity map on <paramref name="features"/> features (shift 0, scale 1), to be loaded from a file.</summary>
    /// <exception cref="ArgumentOutOfRangeException">features is not positive.</exception>
    public FeatureScaling(int features)
    {
        if (features < 1) throw new ArgumentOutOfRangeException(nameof(features), features, "FeatureScaling: the feature count must be positive.");
        _shift = AddBuffer("shift", new Tensor(features));
        _scale = AddBuffer("scale", new Tensor(features));
        _scale.Span.Fill(1f);
    }

    /// <summary>The map <c>y = (x − shift) ⊙ scale</c> with the given coefficients (copied).</summary>
    /// <exception cref="ArgumentException">The lengths differ, are zero, or a coefficient is not finite.</exception>
    public FeatureScaling(ReadOnlySpan<float> shift, ReadOnlySpan<float> scale) : this(Math.Max(1, shift.Length))
    {
        if (shift.Length == 0 || shift.Length != scale.Length)
            throw new ArgumentException($"FeatureScaling: shift has {shift.Length} values and scale {scale.Length}; expected the same positive count.");
        if (!float.IsFinite(TensorPrimitives.Sum(shift)) || !float.IsFinite(TensorPrimitives.Sum(scale)))
            throw new ArgumentException("FeatureScaling: shift and scale must be finite.");
        shift.CopyTo(_shift.Span);
        scale.CopyTo(_scale.Span);
    }

    /// <summary>Number of features.</summary>
    public int Features => _shift.Length;

    /// <summary>The per-feature shift (the live buffer).</summary>
    public Tensor Shift => _shift;

    /// <summary>The per-feature scale (the live buffer).</summary>
    public Tensor Scale => _scale;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        Check(input, "input");
        var y = Tensor.Ensure(ref _output, input.Shape);
        int d = Features;
        ReadOnlySpan<float> x = input.Span, shift = _shift.Span, scale = _scale.Span;
        Span<float> dst = y.Span;
        for (int start = 0; start < x.Length; start += d)
        {
            Span<float> row = dst.Slice(start, d);
            TensorPrimitives.Subtract(x.Slice(start, d), shift, row);
            TensorPrimitives.Multiply(row, scale, row);
        }
        return y;
    }

    /// <summary>FeatureScaling has no parameters: there is no gradient to accumulate (shapes are still checked).</summary>
    public override void BackwardUpdateGradient(Tensor input, Tensor delta)
    {
        Check(input, "input");
        Check(delta, "delta");
    }

    /// <summary>δ ⊙ scale.</summary>
    public override Tensor BackwardDelta(Tensor input, Tensor delta)
    {
        Check(input, "input");
        Check(delta, "delta");
        var g = Tensor.Ensure(ref _gradInput, delta.Shape);
        int d = Features;
        ReadOnlySpan<float> src = delta.Span, scale = _scale.Span;
        Span<float> dst = g.Span;
        for (int start = 0; start < src.Length; start += d)
            TensorPrimitives.Multiply(src.Slice(start, d), scale, dst.Slice(start, d));
        return g;
    }

    private void Check(Tensor t, string what)
    {
        if (t.Rank != 2 || t.Dim(1) != Features) throw new ShapeException(this, what, $"(N, {Features})", t.ShapeString);
    }

    /// <inheritdoc />
    public override string ToString() => $"FeatureScaling({Features})";
}
