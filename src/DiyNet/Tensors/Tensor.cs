using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace DiyNet.Tensors;

/// <summary>
/// A dense float32 tensor, row-major and contiguous. A tensor is a shape over a contiguous range of a backing array;
/// the array may be longer than the tensor (buffers owned by modules keep their capacity when a batch shrinks), and
/// several tensors may share one array (<see cref="Reshape(int[])"/> and <see cref="Slice"/> make such views
/// without copying).
/// </summary>
/// <remarks>Data are batch-first: a batch of N examples of d features has shape (N, d). A tensor of
/// <see cref="AlignedFrom"/> elements or more that allocates its own storage starts on a 64-byte boundary, in an array
/// that never moves (the pinned object heap): the kernels' 512-bit loads and stores then never straddle two cache lines,
/// whatever address the allocator happened to give.</remarks>
public sealed class Tensor
{
    /// <summary>Element count from which a new tensor's storage is 64-byte aligned.</summary>
    internal const int AlignedFrom = 4096;

    private float[] _data;
    private int[] _shape;
    private int _offset;   // index in _data of the first element

    /// <summary>Creates a zero-filled tensor of the given shape.</summary>
    /// <exception cref="ArgumentException">A dimension is negative.</exception>
    public Tensor(params int[] shape)
    {
        _shape = CheckedShape(shape);
        int n = ElementCount(_shape);
        _data = Allocate(n, out _offset);
        Length = n;
    }

    // n zeros; from AlignedFrom elements on, in a pinned array 15 floats longer whose element `offset` is the first on
    // a 64-byte boundary.
    private static unsafe float[] Allocate(int n, out int offset)
    {
        offset = 0;
        if (n < AlignedFrom) return new float[n];
        var data = GC.AllocateArray<float>(n + 15, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(data));
        offset = (int)((64 - (address & 63)) & 63) / sizeof(float);
        return data;
    }

    private Tensor(float[] data, int[] shape, int offset = 0)
    {
        _data = data;
        _shape = shape;
        _offset = offset;
        Length = ElementCount(shape);
    }

    /// <summary>Wraps <paramref name="data"/> (not copied) with the given shape.</summary>
    /// <exception cref="ArgumentException">The array is shorter than the shape needs.</exception>
    public static Tensor FromArray(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        int[] s = CheckedShape(shape);
        int n = ElementCount(s);
        if (data.Length < n)
            throw new ArgumentException($"Tensor.FromArray: shape {Format(s)} needs {n} values, the array has {data.Length}.");
        return new Tensor(data, s);
    }

    /// <summary>Builds a (rows, columns) tensor from a rectangular array.</summary>
    public static Tensor FromRows(float[,] values)
    {
        int r = values.GetLength(0), c = values.GetLength(1);
        var t = new Tensor(r, c);
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++)
                t._data[t._offset + i * c + j] = values[i, j];
        return t;
    }

    /// <summary>A tensor of the given shape with every element equal to <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var t = new Tensor(shape);
        t.Span.Fill(value);
        return t;
    }

    /// <summary>The dimensions.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Number of elements (the product of the dimensions).</summary>
    public int Length { get; private set; }

    /// <summary>Size of dimension <paramref name="axis"/>; negative axes count from the end.</summary>
    public int Dim(int axis)
    {
        int a = axis < 0 ? axis + _shape.Length : axis;
        if ((uint)a >= (uint)_shape.Length)
            throw new ArgumentOutOfRangeException(nameof(axis), $"Tensor of shape {ShapeString} has no axis {axis}.");
        return _shape[a];
    }

    /// <summary>The elements, in row-major order.</summary>
    public Span<float> Span => _data.AsSpan(_offset, Length);

    /// <summary>The elements of row <paramref name="i"/> of the first axis (an example of a batch).</summary>
    public Span<float> Row(int i)
    {
        int rows = _shape.Length == 0 ? 1 : _shape[0];
        if ((uint)i >= (uint)rows)
            throw new ArgumentOutOfRangeException(nameof(i), $"Row {i} out of range for shape {ShapeString}.");
        int stride = rows == 0 ? 0 : Length / rows;
        return _data.AsSpan(_offset + i * stride, stride);
    }

    /// <summary>The shape as text, e.g. <c>(32, 784)</c>.</summary>
    public string ShapeString => Format(_shape);

    /// <summary>Element access with shape-checked indices.</summary>
    /// <exception cref="IndexOutOfRangeException">Wrong number of indices or an index out of range.</exception>
    public float this[params ReadOnlySpan<int> index]
    {
        get => _data[_offset + Offset(index)];
        set => _data[_offset + Offset(index)] = value;
    }

    private int Offset(ReadOnlySpan<int> index)
    {
        if (index.Length != _shape.Length)
            throw new IndexOutOfRangeException($"Tensor of shape {ShapeString} indexed with {index.Length} indices.");
        int offset = 0;
        for (int d = 0; d < index.Length; d++)
        {
            if ((uint)index[d] >= (uint)_shape[d])
                throw new IndexOutOfRangeException($"Index {index[d]} out of range for axis {d} of shape {ShapeString}.");
            offset = offset * _shape[d] + index[d];
        }
        return offset;
    }

    /// <summary>
    /// A view with another shape over the same elements (no copy). One dimension may be -1 and is inferred.
    /// </summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public Tensor Reshape(params int[] shape)
    {
        int[] s = ResolveShape(shape);
        return new Tensor(_data, s, _offset);
    }

    /// <summary>
    /// A view of the rows <c>start .. start + count</c> of the first axis (examples <c>start</c> onwards of a
    /// batch), over the same elements: no copy. Shape: (N, …) → (count, …).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the first axis.</exception>
    public Tensor Slice(int start, int count)
    {
        CheckRows(start, count);
        int[] shape = (int[])_shape.Clone();
        shape[0] = count;
        return new Tensor(_data, shape, _offset + start * RowLength);
    }

    /// <summary>
    /// Makes <paramref name="view"/> the view <see cref="Slice"/>(<paramref name="start"/>, <paramref name="count"/>)
    /// of this tensor, reusing the view object when it has the right rank (no allocation in steady state).
    /// </summary>
    internal Tensor SliceInto(ref Tensor? view, int start, int count)
    {
        CheckRows(start, count);
        if (view is null || view._shape.Length != _shape.Length) view = new Tensor(_data, (int[])_shape.Clone());
        view._data = _data;
        _shape.CopyTo(view._shape);
        view._shape[0] = count;
        view._offset = _offset + start * RowLength;
        view.Length = ElementCount(view._shape);
        return view;
    }

    // Elements per row of the first axis.
    private int RowLength => _shape[0] == 0 ? ElementCount(_shape.AsSpan(1)) : Length / _shape[0];

    private void CheckRows(int start, int count)
    {
        if (_shape.Length == 0)
            throw new ArgumentOutOfRangeException(nameof(start), "Tensor.Slice: a scalar tensor has no rows.");
        if (start < 0 || count < 0 || start > _shape[0] - count)
            throw new ArgumentOutOfRangeException(nameof(start),
                $"Tensor.Slice: rows {start} .. {start + count} are not inside the first axis of shape {ShapeString}.");
    }

    private int[] ResolveShape(int[] shape)
    {
        int[] s = (int[])shape.Clone();
        int infer = -1, known = 1;
        for (int d = 0; d < s.Length; d++)
        {
            if (s[d] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"Reshape {ShapeString} → {Format(shape)}: only one dimension may be -1.");
                infer = d;
            }
            else if (s[d] < 0) throw new ArgumentException($"Reshape {ShapeString} → {Format(shape)}: negative dimension.");
            else known *= s[d];
        }
        if (infer >= 0)
        {
            if (known == 0 || Length % known != 0)
                throw new ArgumentException($"Reshape {ShapeString} → {Format(shape)}: {Length} elements do not divide into {known}.");
            s[infer] = Length / known;
        }
        if (ElementCount(s) != Length)
            throw new ArgumentException($"Reshape {ShapeString} → {Format(shape)}: {Length} elements, the new shape has {ElementCount(s)}.");
        return s;
    }

    /// <summary>
    /// Makes <paramref name="view"/> a reshaped view of this tensor, reusing the view object when possible, even over
    /// another array (for modules such as Flatten that must not allocate per step, when the batches alternate
    /// between buffers).
    /// </summary>
    internal Tensor ViewInto(ref Tensor? view, ReadOnlySpan<int> shape)
    {
        if (view is null || view._shape.Length != shape.Length)
            view = new Tensor(_data, shape.ToArray(), _offset);
        else
        {
            view._data = _data;
            view._offset = _offset;
            shape.CopyTo(view._shape);
        }
        view.Length = ElementCount(view._shape);
        if (view.Length != Length)
            throw new ArgumentException($"View {Format(shape.ToArray())} of a tensor of shape {ShapeString}: element counts differ.");
        return view;
    }

    /// <summary>A deep copy.</summary>
    public Tensor Clone()
    {
        var t = new Tensor(_shape);
        Span.CopyTo(t.Span);
        return t;
    }

    /// <summary>Copies the elements of <paramref name="source"/>, which must have the same shape.</summary>
    public void CopyFrom(Tensor source)
    {
        if (!SameShape(source))
            throw new ArgumentException($"CopyFrom: shape {source.ShapeString} into {ShapeString}.");
        source.Span.CopyTo(Span);
    }

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => Span.Clear();

    /// <summary>True when both tensors have the same dimensions.</summary>
    public bool SameShape(Tensor other) => Shape.SequenceEqual(other.Shape);

    /// <summary>True when the tensor has exactly these dimensions.</summary>
    public bool HasShape(params ReadOnlySpan<int> shape) => Shape.SequenceEqual(shape);

    /// <summary>
    /// Returns <paramref name="buffer"/> with the requested shape, reallocating its array only when the capacity is
    /// too small. Contents are unspecified. This is how modules own and reuse their output buffers.
    /// </summary>
    public static Tensor Ensure(ref Tensor? buffer, params ReadOnlySpan<int> shape)
    {
        int n = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Negative dimension in {Format(shape.ToArray())}.");
            n *= d;
        }
        if (buffer is null || buffer._data.Length - buffer._offset < n)
        {
            var data = Allocate(n, out int offset);
            buffer = new Tensor(data, shape.ToArray(), offset);
            return buffer;
        }
        if (buffer._shape.Length != shape.Length) buffer._shape = shape.ToArray();
        else shape.CopyTo(buffer._shape);
        buffer.Length = n;
        return buffer;
    }

    /// <summary>Returns the index of the largest element of each row of a (N, K) tensor.</summary>
    public int[] ArgMaxRows()
    {
        if (Rank != 2) throw new InvalidOperationException($"ArgMaxRows needs a (N, K) tensor, got {ShapeString}.");
        var result = new int[_shape[0]];
        for (int i = 0; i < result.Length; i++)
            result[i] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax((ReadOnlySpan<float>)Row(i));
        return result;
    }

    /// <summary>Shows the shape and the first elements.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("Tensor").Append(ShapeString).Append(" [");
        int n = Math.Min(Length, 8);
        for (int i = 0; i < n; i++) sb.Append(i == 0 ? "" : ", ").Append(_data[_offset + i].ToString("G5", System.Globalization.CultureInfo.InvariantCulture));
        if (Length > n) sb.Append(", …");
        return sb.Append(']').ToString();
    }

    internal float[] Data => _data;

    /// <summary>Index in <see cref="Data"/> of the first element (non-zero for a <see cref="Slice"/> view).</summary>
    internal int DataOffset => _offset;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ElementCount(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape) n *= d;
        if (n > Array.MaxLength) throw new ArgumentException($"Shape {Format(shape.ToArray())} has too many elements.");
        return (int)n;
    }

    private static int[] CheckedShape(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        foreach (int d in shape)
            if (d < 0) throw new ArgumentException($"Negative dimension in shape {Format(shape)}.");
        return (int[])shape.Clone();
    }

    /// <summary>Formats a shape as <c>(a, b, c)</c>.</summary>
    public static string Format(ReadOnlySpan<int> shape)
    {
        var sb = new StringBuilder("(");
        for (int i = 0; i < shape.Length; i++) sb.Append(i == 0 ? "" : ", ").Append(shape[i]);
        return sb.Append(')').ToString();
    }
}
