using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Buffers;
using System.Numerics.Tensors;

namespace DiyNet.Training;

/// <summary>Runs a trained network over a data set in chunks: predictions, mean loss, accuracy.</summary>
public static class Evaluator
{
    /// <summary>
    /// The network's outputs for every row of <paramref name="x"/>, computed <paramref name="batchSize"/> rows at a time,
    /// in evaluation mode (<see cref="Module.Eval"/>); the network's previous mode is restored afterwards.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive.</exception>
    public static Tensor Predict(Module net, Tensor x, int batchSize = 1024)
    {
        ArgumentNullException.ThrowIfNull(net);
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Evaluator: the batch size must be positive.");
        int n = x.Dim(0);
        int row = n == 0 ? 0 : x.Length / n;
        // The chunk buffer is rented, so that repeated predictions do not allocate a large buffer each time.
        float[] rented = ArrayPool<float>.Shared.Rent(Math.Max(1, Math.Min(batchSize, n) * row));
        bool wasTraining = net.IsTraining;
        net.Eval();
        try { return Predict(net, x, batchSize, rented); }
        finally
        {
            if (wasTraining) net.Train();
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    private static Tensor Predict(Module net, Tensor x, int batchSize, float[] buffer)
    {
        int n = x.Dim(0);
        int row = n == 0 ? 0 : x.Length / n;
        int[] shape = x.Shape.ToArray();
        Tensor? result = null, chunk = null;
        for (int start = 0; start < n; start += batchSize)
        {
            int count = Math.Min(batchSize, n - start);
            if (chunk is null || chunk.Dim(0) != count)
            {
                shape[0] = count;
                chunk = Tensor.FromArray(buffer, shape);
            }
            x.Span.Slice(start * row, count * row).CopyTo(chunk.Span);
            var y = net.Forward(chunk);
            if (result is null)
            {
                var outShape = y.Shape.ToArray();
                outShape[0] = n;
                result = new Tensor(outShape);
            }
            int outRow = y.Length / count;
            y.Span.CopyTo(result.Span.Slice(start * outRow, count * outRow));
        }
        return result ?? new Tensor(0);
    }

    /// <summary>Mean loss and accuracy of <paramref name="net"/> on (x, y), in evaluation mode (the previous mode is restored).</summary>
    public static (float Loss, float Accuracy) Evaluate(Module net, Loss loss, Tensor x, Tensor y, int batchSize = 1024)
    {
        var yhat = Predict(net, x, batchSize);
        float l = yhat.Length == 0 ? 0f : TensorPrimitives.Sum(loss.Forward(y, yhat).Span) / y.Dim(0);
        return (l, Accuracy(y, yhat));
    }

    /// <summary>
    /// True when <paramref name="y"/> holds class targets, so that an accuracy means something: one-hot rows
    /// (K ≥ 2 columns, a single 1 per row) or one column of {0, 1} or {−1, +1} labels. Regression targets and
    /// autoencoder targets (pixel values) are not.
    /// </summary>
    public static bool IsClassTarget(Tensor y)
    {
        int n = y.Rank == 0 ? 0 : y.Dim(0);
        if (n == 0) return false;
        int k = y.Length / n;
        ReadOnlySpan<float> v = y.Span;
        if (k == 1)
        {
            bool signed = TensorPrimitives.Min(v) < 0f;
            foreach (float t in v)
                if (signed ? t is not (-1f or 1f) : t is not (0f or 1f)) return false;
            return true;
        }
        for (int i = 0; i < n; i++)
        {
            var row = v.Slice(i * k, k);
            int ones = 0;
            foreach (float t in row)
            {
                if (t == 1f) ones++;
                else if (t != 0f) return false;
            }
            if (ones != 1) return false;
        }
        return true;
    }

    /// <summary>
    /// Fraction of rows where prediction and target agree: argmax against argmax for K ≥ 2 columns; for one column,
    /// both on the same side of 0.5 (probabilities) — or of 0 when the targets are ±1.
    /// </summary>
    public static float Accuracy(Tensor y, Tensor yhat)
    {
        int n = y.Dim(0);
        if (n == 0) return 0f;
        int k = y.Length / n;
        int hits = 0;
        if (k == 1)
        {
            ReadOnlySpan<float> ys = y.Span, ps = yhat.Span;
            float threshold = TensorPrimitives.Min(ys) < 0f ? 0f : 0.5f;
            for (int i = 0; i < n; i++) hits += (ys[i] > threshold) == (ps[i] > threshold) ? 1 : 0;
        }
        else
        {
            for (int i = 0; i < n; i++)
                hits += TensorPrimitives.IndexOfMax((ReadOnlySpan<float>)y.Row(i)) == TensorPrimitives.IndexOfMax((ReadOnlySpan<float>)yhat.Row(i)) ? 1 : 0;
        }
        return (float)hits / n;
    }
}
