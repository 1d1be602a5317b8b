using DiyNet.Kernels;
using DiyNet.Losses;
using DiyNet.Metrics;
using DiyNet.Modules;
using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;

namespace DiyNet.Training;

/// <summary>Runs a trained network over a data set in chunks: predictions, mean loss, accuracy.</summary>
public static class Evaluator
{
    // The view of the current chunk of the input, one per thread, re-pointed at every chunk: no allocation per call.
    [ThreadStatic] private static Tensor? t_chunk;

    /// <summary>
    /// The network's outputs for every row of <paramref name="x"/>, computed <paramref name="batchSize"/> rows at a
    /// time, in evaluation mode (<see cref="Module.Eval"/>; the network's previous mode is restored afterwards); each
    /// chunk of the input is a view of <paramref name="x"/> (no copy). Allocates the result; the overload with an
    /// output tensor allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive.</exception>
    /// <exception cref="NonFiniteException">A row of <paramref name="x"/> holds a NaN or an infinity (it has no prediction).</exception>
    public static Tensor Predict(Module net, Tensor x, int batchSize = 1024)
    {
        Tensor? result = null;
        Run(net, x, batchSize, ref result);
        return result ?? new Tensor(0);
    }

    /// <summary>
    /// Writes the network's outputs for every row of <paramref name="x"/> into <paramref name="output"/> (shape (N, …),
    /// the network's output shape for N rows), <paramref name="batchSize"/> rows at a time in evaluation mode (the
    /// previous mode is restored), and returns it. Nothing is copied but the outputs and nothing is allocated: the
    /// steady-state cost of a call is the forward passes.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> does not have N rows of the network's output size.</exception>
    /// <exception cref="NonFiniteException">A row of <paramref name="x"/> holds a NaN or an infinity (it has no prediction;
    /// the rows of the chunks before it are written).</exception>
    public static Tensor Predict(Module net, Tensor x, Tensor output, int batchSize = 1024)
    {
        ArgumentNullException.ThrowIfNull(output);
        Tensor? result = output;
        Run(net, x, batchSize, ref result);
        return output;
    }

    private static void Run(Module net, Tensor x, int batchSize, ref Tensor? result)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(x);
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Evaluator: the batch size must be positive.");
        int n = x.Rank == 0 ? 0 : x.Dim(0);
        if (result is not null && (result.Rank == 0 || result.Dim(0) != n))
            throw new ArgumentException($"Evaluator: the output has shape {result.ShapeString}, expected {n} rows (one per input row).", nameof(result));
        Tensor? chunk = t_chunk;
        bool wasTraining = net.IsTraining;
        // Over two or more chunks, the layers may pack their weights once for all of them (nothing changes them here).
        bool scope = n > batchSize;
        net.Eval();
        if (scope) net.SetInferenceScope(true);
        try
        {
            for (int start = 0; start < n; start += batchSize)
            {
                int count = Math.Min(batchSize, n - start);
                var input = count == n ? x : x.SliceInto(ref chunk, start, count);
                // Each chunk is checked just before its forward pass, which then finds it in cache (a check of the
                // whole input first would read it from memory twice), on the kernel threads in the parts of rows the
                // forward pass gives them; the message names the row in x.
                if (!FiniteRows.All(input.Span, count))
                    throw Finite.Describe(x, "Evaluator.Predict", "x", "a network has no prediction for such a row: drop or impute it.");
                var y = net.Forward(input);
                int outRow = y.Length / count;
                if (result is null)
                {
                    var outShape = y.Shape.ToArray();
                    outShape[0] = n;
                    result = new Tensor(outShape);
                }
                else if (result.Length != n * outRow)
                    throw new ArgumentException(
                        $"Evaluator: the output has shape {result.ShapeString}, the network gives {y.ShapeString} for {count} rows.", nameof(result));
                y.Span.CopyTo(result.Span.Slice(start * outRow, count * outRow));
            }
        }
        finally
        {
            t_chunk = chunk;
            if (scope) net.SetInferenceScope(false);
            if (wasTraining) net.Train();
        }
    }

    /// <summary>Mean loss and accuracy of <paramref name="net"/> on (x, y), in evaluation mode (the previous mode is restored).</summary>
    public static (float Loss, float Accuracy) Evaluate(Module net, Loss loss, Tensor x, Tensor y, int batchSize = 1024)
    {
        var yhat = Predict(net, x, batchSize);
        float l = yhat.Length == 0 ? 0f : TensorPrimitives.Sum(loss.Forward(y, yhat).Span) / y.Dim(0);
        return (l, y.Dim(0) == 0 ? 0f : (float)Scores.Accuracy(y, yhat));
    }
}
