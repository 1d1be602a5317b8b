using DiyNet.Kernels;
using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;

namespace DiyNet.Data;

/// <summary>
/// A per-feature affine map <c>y = x·scale + shift</c> whose coefficients are fitted on training data only and then
/// applied to any data (train, validation, test). Features are the trailing axes flattened: a (N, H, W, 1) tensor
/// has H·W features.
/// </summary>
public abstract class Scaler
{
    private float[]? _scale, _shift;

    /// <summary>True once <see cref="Fit"/> has run.</summary>
    public bool IsFitted => _scale is not null;

    /// <summary>Number of features seen by <see cref="Fit"/>.</summary>
    public int FeatureCount => _scale?.Length ?? 0;

    /// <summary>The fitted per-feature multipliers (a copy).</summary>
    public float[] Scale => (float[])(_scale ?? throw NotFitted()).Clone();

    /// <summary>The fitted per-feature offsets (a copy).</summary>
    public float[] Shift => (float[])(_shift ?? throw NotFitted()).Clone();

    /// <summary>Fits the coefficients on <paramref name="train"/> (N ≥ 1 rows) and returns this scaler.</summary>
    /// <exception cref="ArgumentException">The tensor has no rows or a non-finite value.</exception>
    public Scaler Fit(Tensor train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Rank < 1 || train.Dim(0) == 0)
            throw new ArgumentException($"{GetType().Name}.Fit: needs at least one row, got shape {train.ShapeString}.", nameof(train));
        int n = train.Dim(0), d = train.Length / n;
        if (!float.IsFinite(TensorPrimitives.Sum(train.Span)))
            throw new ArgumentException($"{GetType().Name}.Fit: the data holds a NaN or infinite value.", nameof(train));
        var scale = new float[d];
        var shift = new float[d];
        Compute(train.Span, n, d, scale, shift);
        _scale = scale;
        _shift = shift;
        return this;
    }

    /// <summary>Returns <c>x·scale + shift</c>, per feature, as a new tensor of the same shape.</summary>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    /// <exception cref="ArgumentException">The feature count differs from the fitted one.</exception>
    public Tensor Transform(Tensor x)
    {
        var (scale, shift) = Check(x);
        var y = new Tensor(x.Shape.ToArray());
        int d = scale.Length;
        ReadOnlySpan<float> src = x.Span;
        Span<float> dst = y.Span;
        for (int start = 0; start < src.Length; start += d)
            FastMultiplyAdd.Spans(src.Slice(start, d), scale, shift, dst.Slice(start, d));
        return y;
    }

    /// <summary>Fits on <paramref name="train"/>, then transforms it.</summary>
    public Tensor FitTransform(Tensor train) => Fit(train).Transform(train);

    /// <summary>Undoes <see cref="Transform"/>: <c>x = (y − shift) / scale</c>.</summary>
    public Tensor InverseTransform(Tensor y)
    {
        var (scale, shift) = Check(y);
        var x = new Tensor(y.Shape.ToArray());
        int d = scale.Length;
        ReadOnlySpan<float> src = y.Span;
        Span<float> dst = x.Span;
        for (int start = 0; start < src.Length; start += d)
        {
            Span<float> row = dst.Slice(start, d);
            TensorPrimitives.Subtract(src.Slice(start, d), shift, row);
            TensorPrimitives.Divide(row, scale, row);
        }
        return x;
    }

    /// <summary>Computes the coefficients from <paramref name="data"/>, n rows of d features, row-major.</summary>
    /// <remarks>A constant feature must get a finite scale (no division by a zero range or deviation).</remarks>
    protected abstract void Compute(ReadOnlySpan<float> data, int n, int d, Span<float> scale, Span<float> shift);

    private (float[] Scale, float[] Shift) Check(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (_scale is null || _shift is null) throw NotFitted();
        int d = 1;
        for (int axis = 1; axis < x.Rank; axis++) d *= x.Dim(axis);
        if (x.Rank < 1 || d != _scale.Length)
            throw new ArgumentException($"{GetType().Name}: fitted on {_scale.Length} features, got shape {x.ShapeString}.", nameof(x));
        return (_scale, _shift);
    }

    private InvalidOperationException NotFitted() => new($"{GetType().Name}: call Fit on the training data first.");
}
