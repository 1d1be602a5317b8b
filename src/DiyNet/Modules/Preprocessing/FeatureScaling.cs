using DiyNet.Data;
using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;

namespace DiyNet.Modules;

/// <summary>
/// A fixed per-feature affine step, <c>y = (x − shift) ⊙ scale</c> (PyTorch: <c>x.sub(shift).mul(scale)</c>): the
/// data scaling of a network's inputs kept inside the network, so that a saved model takes raw inputs. Shift and scale
/// are buffers (saved with the weights, never trained): the step has no parameters. Backward: <c>∂x = δ ⊙ scale</c>.
/// </summary>
/// <remarks>Shape: input (N, …) with D = <see cref="Features"/> values after the batch axis → the same shape; shift
/// and scale have D values each.</remarks>
public sealed class FeatureScaling : Module
{
    private readonly Tensor _shift, _scale;
    private Tensor? _output, _gradInput;

    /// <summary>
    /// Creates the identity step over <paramref name="features"/> features (shift 0, scale 1), to be filled by a
    /// state dict (the model files rebuild it this way, then load its buffers).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The feature count is not positive.</exception>
    public FeatureScaling(int features)
        : this(new float[CheckFeatures(features)], Enumerable.Repeat(1f, features).ToArray())
    {
    }

    private static int CheckFeatures(int features) =>
        features >= 1 ? features : throw new ArgumentOutOfRangeException(nameof(features), features, "FeatureScaling: the feature count must be positive.");

    /// <summary>Creates the step from its per-feature shift and scale (copied).</summary>
    /// <exception cref="ArgumentException">The lengths differ, are 0, or a value is not finite.</exception>
    public FeatureScaling(ReadOnlySpan<float> shift, ReadOnlySpan<float> scale)
    {
        if (shift.Length != scale.Length || shift.Length == 0)
            throw new ArgumentException($"FeatureScaling: shift has {shift.Length} values and scale {scale.Length}; they need the same positive count.");
        for (int j = 0; j < shift.Length; j++)
            if (!float.IsFinite(shift[j]) || !float.IsFinite(scale[j]))
                throw new ArgumentException($"FeatureScaling: feature {j} has shift {shift[j]} and scale {scale[j]}; both must be finite.");
        _shift = AddBuffer("shift", Tensor.FromArray(shift.ToArray(), shift.Length));
        _scale = AddBuffer("scale", Tensor.FromArray(scale.ToArray(), scale.Length));
    }

    /// <summary>
    /// The step that maps x as the fitted <paramref name="scaler"/> does (<c>x·a + b</c> per feature, for
    /// <see cref="StandardScaler"/>: shift = mean, scale = 1/σ; for <see cref="MinMaxScaler"/>: shift = xmin − min/a,
    /// scale = a): scale = a and shift = −b/a. The scaler computes <c>x·a + b</c> as one multiply-add, this module
    /// <c>(x − shift)·a</c>, so the two agree to within a few units in the last place, not bit for bit.
    /// </summary>
    /// <exception cref="InvalidOperationException">The scaler is not fitted.</exception>
    public static FeatureScaling From(Scaler scaler)
    {
        ArgumentNullException.ThrowIfNull(scaler);
        float[] scale = scaler.Scale, offset = scaler.Shift, shift = new float[scale.Length];
        for (int j = 0; j < scale.Length; j++) shift[j] = (float)(-(double)offset[j] / scale[j]);
        return new FeatureScaling(shift, scale);
    }

    /// <summary>Number of features D.</summary>
    public int Features => _shift.Length;

    /// <summary>The per-feature value subtracted first.</summary>
    public ReadOnlySpan<float> Shift => _shift.Span;

    /// <summary>The per-feature factor applied after the shift.</summary>
    public ReadOnlySpan<float> Scale => _scale.Span;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        RememberInput(input);
        CheckInput(input);
        var y = Tensor.Ensure(ref _output, input.Shape);
        ReadOnlySpan<float> x = input.Span, shift = _shift.Span, scale = _scale.Span;
        Span<float> output = y.Span;
        int d = Features;
        for (int start = 0; start < x.Length; start += d)
        {
            Span<float> row = output.Slice(start, d);
            TensorPrimitives.Subtract(x.Slice(start, d), shift, row);
            TensorPrimitives.Multiply(row, scale, row);
        }
        return y;
    }

    /// <summary>Nothing to accumulate: shift and scale are fixed.</summary>
    public override void BackwardUpdateGradient(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        CheckInput(input);
        CheckDelta(input, delta);
    }

    /// <summary><c>∂x = δ ⊙ scale</c>.</summary>
    public override Tensor BackwardDelta(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        CheckInput(input);
        CheckDelta(input, delta);
        var gx = Tensor.Ensure(ref _gradInput, input.Shape);
        ReadOnlySpan<float> d = delta.Span, scale = _scale.Span;
        Span<float> g = gx.Span;
        for (int start = 0; start < d.Length; start += Features)
            TensorPrimitives.Multiply(d.Slice(start, Features), scale, g.Slice(start, Features));
        return gx;
    }

    private void CheckInput(Tensor input)
    {
        // Messages are formatted only on failure: a training step allocates nothing.
        if (input.Rank < 2 || input.Length != input.Dim(0) * Features)
            throw new ShapeException(this, "input", $"(N, {Features}) or (N, …) with {Features} values per example", input.ShapeString);
    }

    private void CheckDelta(Tensor input, Tensor delta)
    {
        if (!delta.SameShape(input)) throw new ShapeException(this, "delta", input.ShapeString, delta.ShapeString);
    }

    /// <inheritdoc />
    public override string ToString() => $"FeatureScaling({Features} features)";
}
