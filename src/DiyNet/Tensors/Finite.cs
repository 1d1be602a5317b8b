using System.Globalization;
using System.Numerics.Tensors;

namespace DiyNet.Tensors;

/// <summary>
/// Checks that data hold no NaN or infinity, and names the first offending row when they do. The check is one
/// vectorized pass (<c>TensorPrimitives.MaxMagnitude</c> is NaN or ±∞ exactly when some element is); the row is
/// searched only on failure.
/// </summary>
public static class Finite
{
    /// <summary>True when every element of <paramref name="values"/> is finite (also when there is none).</summary>
    public static bool All(ReadOnlySpan<float> values) =>
        values.IsEmpty || float.IsFinite(TensorPrimitives.MaxMagnitude(values));

    /// <summary>
    /// Throws a <see cref="NonFiniteException"/> when <paramref name="tensor"/> holds a NaN or an infinity, naming
    /// <paramref name="owner"/> (who checks), <paramref name="name"/> (the tensor) and the first offending row and column.
    /// </summary>
    /// <param name="tensor">The data, first axis = examples.</param>
    /// <param name="owner">Who checks, as it starts the message (<c>Sgd</c>, <c>Evaluator.Predict</c>).</param>
    /// <param name="name">What the tensor is (<c>x</c>, <c>ValidationY</c>).</param>
    /// <param name="advice">What the user should do, appended to the message.</param>
    public static void Require(Tensor tensor, string owner, string name, string advice)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (All(tensor.Span)) return;
        throw Describe(tensor, owner, name, advice);
    }

    /// <summary>The error <see cref="Require"/> throws, for a tensor known to hold a non-finite value.</summary>
    public static NonFiniteException Describe(Tensor tensor, string owner, string name, string advice)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        int rows = tensor.Rank == 0 ? 1 : tensor.Dim(0);
        int width = rows == 0 ? 0 : tensor.Length / rows;
        ReadOnlySpan<float> v = tensor.Span;
        int first = -1, count = 0;
        for (int i = 0; i < v.Length; i++)
        {
            if (float.IsFinite(v[i])) continue;
            if (first < 0) first = i;
            count++;
        }
        if (first < 0) throw new ArgumentException($"Finite.Describe: {name} holds only finite values.", nameof(tensor));
        int row = width == 0 ? 0 : first / width, column = width == 0 ? 0 : first % width;
        string value = v[first].ToString(CultureInfo.InvariantCulture);
        string message = $"{owner}: {name} holds {value} at row {row}, column {column} "
            + $"({count} non-finite value{(count == 1 ? "" : "s")} in {tensor.ShapeString}); {advice}";
        return new NonFiniteException(message, name, row, column);
    }
}
