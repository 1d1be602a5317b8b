using DiyNet.Modules;
using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;

namespace DiyNet.Losses;

/// <summary>
/// A loss: <see cref="Forward"/> gives one value per example, <see cref="Backward"/> the gradient of their
/// <em>mean</em> with respect to the prediction. The loss alone owns the reduction over the batch.
/// </summary>
/// <remarks>
/// Shape rule: y and yhat have the same shape (N, …) with a batch axis first; example i is everything after it,
/// read as one flat row of K = (number of values)/N values — (N, K) for a classifier, (N, H, W, C) for a
/// convolutional autoencoder. Forward → (N); Backward → the shape of yhat. Both methods return buffers owned by the
/// loss, overwritten by the next call.
/// </remarks>
public abstract class Loss
{
    private Tensor? _losses, _gradient;
    private float[] _scratch = [];

    /// <summary>Per-example losses, shape (N).</summary>
    /// <param name="y">The targets (one-hot for classification losses), shape of <paramref name="yhat"/>.</param>
    /// <param name="yhat">The predictions, (N, …).</param>
    /// <exception cref="ShapeException">yhat has no batch axis (rank 0), or y's shape differs from yhat's.</exception>
    public Tensor Forward(Tensor y, Tensor yhat)
    {
        Check(y, yhat);
        int n = yhat.Dim(0), k = yhat.Length / Math.Max(n, 1);
        var losses = Tensor.Ensure(ref _losses, n);
        Examples(y.Span, yhat.Span, n, k, losses.Span);
        return losses;
    }

    /// <summary>Gradient of the mean of <see cref="Forward"/> with respect to <paramref name="yhat"/> (shape of yhat).</summary>
    /// <exception cref="ShapeException">As <see cref="Forward"/>.</exception>
    public Tensor Backward(Tensor y, Tensor yhat)
    {
        Check(y, yhat);
        int n = yhat.Dim(0), k = yhat.Length / Math.Max(n, 1);
        var grad = Tensor.Ensure(ref _gradient, yhat.Shape);
        ExampleGradients(y.Span, yhat.Span, n, k, 1f / n, grad.Span);
        return grad;
    }

    /// <summary>The mean loss over the batch.</summary>
    public float Mean(Tensor y, Tensor yhat)
    {
        var l = Forward(y, yhat);
        return l.Length == 0 ? 0f : TensorPrimitives.Sum(l.Span) / l.Length;
    }

    /// <summary>
    /// A buffer of <paramref name="length"/> floats owned by the loss and reused by every call (contents unspecified),
    /// for the intermediate values of <see cref="Example"/> and <see cref="ExampleGradient"/>.
    /// </summary>
    protected Span<float> Scratch(int length)
    {
        if (_scratch.Length < length) _scratch = new float[length];
        return _scratch.AsSpan(0, length);
    }

    /// <summary>
    /// Writes the loss of each of the <paramref name="n"/> examples (rows of <paramref name="k"/> values): one
    /// <see cref="Example"/> per row, unless a loss computes the whole batch at once.
    /// </summary>
    protected virtual void Examples(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, int n, int k, Span<float> losses)
    {
        for (int i = 0; i < n; i++) losses[i] = Example(y.Slice(i * k, k), yhat.Slice(i * k, k));
    }

    /// <summary>
    /// Writes <c>scale · ∂loss/∂yhat</c> for each of the <paramref name="n"/> examples: one
    /// <see cref="ExampleGradient"/> per row, unless a loss computes the whole batch at once.
    /// </summary>
    protected virtual void ExampleGradients(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, int n, int k, float scale, Span<float> grad)
    {
        for (int i = 0; i < n; i++) ExampleGradient(y.Slice(i * k, k), yhat.Slice(i * k, k), scale, grad.Slice(i * k, k));
    }

    /// <summary>The loss of one example.</summary>
    protected abstract float Example(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat);

    /// <summary>Writes <c>scale · ∂loss/∂yhat</c> of one example into <paramref name="grad"/> (scale = 1/N).</summary>
    protected abstract void ExampleGradient(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, float scale, Span<float> grad);

    /// <summary>
    /// Why this loss can be NaN or infinite on finite (y, ŷ), when the cause is a misuse (probabilities expected, raw
    /// scores given); null otherwise. Called only after a non-finite loss, to word the error.
    /// </summary>
    internal virtual string? ExplainNonFinite(Tensor y, Tensor yhat) => null;

    /// <summary>
    /// A message naming the first value of <paramref name="yhat"/> outside [0, 1], or null when all lie inside: the
    /// explanation of the losses on probabilities.
    /// </summary>
    private protected string? OutsideProbabilities(Tensor yhat, string advice)
    {
        ReadOnlySpan<float> v = yhat.Span;
        int width = yhat.Dim(0) == 0 ? 1 : yhat.Length / yhat.Dim(0);
        for (int i = 0; i < v.Length; i++)
        {
            if (v[i] is >= 0f and <= 1f) continue;
            return $"{this} expects probabilities in [0, 1] but the network output holds "
                + $"{v[i].ToString(System.Globalization.CultureInfo.InvariantCulture)} at row {i / width}, column {i % width}: "
                + "it gives raw scores. " + advice;
        }
        return null;
    }

    private void Check(Tensor y, Tensor yhat)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(yhat);
        if (yhat.Rank < 1) throw new ShapeException(this, "yhat", "(N, K)", yhat.ShapeString);
        if (!y.SameShape(yhat)) throw new ShapeException(this, "target y", yhat.ShapeString + " (the shape of yhat)", y.ShapeString);
    }

    /// <inheritdoc />
    public override string ToString() => GetType().Name + "()";
}
