using DiyNet.Tensors;

namespace DiyNet.Training;

/// <summary>
/// Cuts (x, y) into mini-batches, reshuffled at each epoch, gathering rows into reusable buffers
/// (no allocation per batch once the buffers exist).
/// </summary>
public sealed class BatchIterator
{
    private readonly Tensor _x, _y;
    private readonly int _batchSize;
    private readonly bool _shuffle;
    private readonly Random _random;
    private readonly int[] _order;
    private readonly int[] _xShape, _yShape;
    private Tensor? _bx, _by, _lastBx, _lastBy;

    /// <summary>Creates the iterator.</summary>
    public BatchIterator(Tensor x, Tensor y, int batchSize, bool shuffle, Random random)
    {
        if (x.Dim(0) != y.Dim(0)) throw new ArgumentException($"BatchIterator: x has {x.Dim(0)} examples, y has {y.Dim(0)}.");
        _x = x; _y = y; _batchSize = batchSize; _shuffle = shuffle; _random = random;
        _order = new int[x.Dim(0)];
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        _xShape = x.Shape.ToArray();
        _yShape = y.Shape.ToArray();
    }

    /// <summary>Number of batches per epoch.</summary>
    public int BatchCount => (_order.Length + _batchSize - 1) / _batchSize;

    /// <summary>Advances the batch order by one epoch without gathering anything: what resuming from a checkpoint
    /// replays, so that the next <see cref="Epoch"/> draws the order an uninterrupted run would.</summary>
    public void SkipEpoch()
    {
        if (_shuffle) _random.Permutation(_order);
    }

    /// <summary>The batches of one epoch (the yielded tensors are reused: consume each before the next).</summary>
    public IEnumerable<(Tensor X, Tensor Y)> Epoch()
    {
        if (_shuffle) _random.Permutation(_order);
        int n = _order.Length;
        for (int start = 0; start < n; start += _batchSize)
        {
            int count = Math.Min(_batchSize, n - start);
            bool full = count == _batchSize;
            var bx = full ? Gather(_x, _xShape, start, count, ref _bx) : Gather(_x, _xShape, start, count, ref _lastBx);
            var by = full ? Gather(_y, _yShape, start, count, ref _by) : Gather(_y, _yShape, start, count, ref _lastBy);
            yield return (bx, by);
        }
    }

    /// <summary>
    /// The row indices of the batches of one epoch, in the order <see cref="Epoch"/> would gather them (it advances the
    /// shuffle the same way): what data-parallel training sends to its workers instead of the rows themselves. Each
    /// yielded array is fresh.
    /// </summary>
    public IEnumerable<int[]> EpochRows()
    {
        if (_shuffle) _random.Permutation(_order);
        int n = _order.Length;
        for (int start = 0; start < n; start += _batchSize)
            yield return _order.AsSpan(start, Math.Min(_batchSize, n - start)).ToArray();
    }

    private Tensor Gather(Tensor source, int[] shape, int start, int count, ref Tensor? buffer)
    {
        shape[0] = count;
        var b = Tensor.Ensure(ref buffer, shape);
        int row = source.Length / Math.Max(source.Dim(0), 1);
        ReadOnlySpan<float> src = source.Span;
        Span<float> dst = b.Span;
        for (int i = 0; i < count; i++)
            src.Slice(_order[start + i] * row, row).CopyTo(dst.Slice(i * row, row));
        return b;
    }
}
