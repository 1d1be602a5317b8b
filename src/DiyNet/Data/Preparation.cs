using DiyNet.Tensors;

namespace DiyNet.Data;

/// <summary>Turning labels and rows into the tensors a network trains on: one-hot targets, row selection.</summary>
public static class Preparation
{
    /// <summary>One-hot encoding: row i has a 1 in column labels[i] and 0 elsewhere.</summary>
    /// <returns>A tensor of shape (N, classCount).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A label is outside 0..classCount-1, or classCount &lt; 1.</exception>
    public static Tensor OneHot(ReadOnlySpan<int> labels, int classCount)
    {
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "OneHot: the class count must be positive.");
        var t = new Tensor(labels.Length, classCount);
        Span<float> s = t.Span;
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"OneHot: label {labels[i]} at index {i} is outside 0..{classCount - 1}.");
            s[i * classCount + labels[i]] = 1f;
        }
        return t;
    }

    /// <summary>The rows (entries of the first axis) of <paramref name="x"/> at <paramref name="indices"/>, copied in that order.</summary>
    /// <returns>A new tensor of shape (indices.Length, ...rest of x's shape).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside 0..N-1.</exception>
    public static Tensor TakeRows(Tensor x, ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 1) throw new ArgumentException($"TakeRows: tensor of shape {x.ShapeString} has no rows.", nameof(x));
        int n = x.Dim(0);
        int[] shape = x.Shape.ToArray();
        shape[0] = indices.Length;
        var result = new Tensor(shape);
        int row = n == 0 ? 0 : x.Length / n;
        ReadOnlySpan<float> src = x.Span;
        Span<float> dst = result.Span;
        for (int i = 0; i < indices.Length; i++)
        {
            int r = indices[i];
            if ((uint)r >= (uint)n)
                throw new ArgumentOutOfRangeException(nameof(indices), r, $"TakeRows: index {r} (position {i}) is outside 0..{n - 1} for shape {x.ShapeString}.");
            src.Slice(r * row, row).CopyTo(dst.Slice(i * row, row));
        }
        return result;
    }

    /// <summary>The entries of <paramref name="values"/> at <paramref name="indices"/>, in that order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public static int[] Take(ReadOnlySpan<int> values, ReadOnlySpan<int> indices)
    {
        var result = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            int r = indices[i];
            if ((uint)r >= (uint)values.Length)
                throw new ArgumentOutOfRangeException(nameof(indices), r, $"Take: index {r} (position {i}) is outside 0..{values.Length - 1}.");
            result[i] = values[r];
        }
        return result;
    }
}
