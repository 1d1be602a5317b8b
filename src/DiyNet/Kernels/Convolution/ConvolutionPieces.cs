namespace DiyNet.Kernels;

/// <summary>The chunks of images [first, last): runs of ChunkRows rows across images without padding; with padding,
/// within each image (over its zero-bordered copy). Enumerated with <c>foreach</c>.</summary>
internal ref struct ConvolutionPieces
{
    private readonly Window2D _g, _source;
    private readonly int _chunk, _end;
    private int _row;

    public ConvolutionPieces(in ConvolutionJob job, int first, int last)
    {
        Window2D g = job.Window;
        _g = g;
        _source = g.Unpadded ? g : new Window2D(g.Height + 2 * g.PadHeight, g.Width + 2 * g.PadWidth, g.Channels,
            g.KernelHeight, g.KernelWidth, g.StrideHeight, g.StrideWidth, 0, 0);
        _chunk = job.ChunkRows;
        _row = first * g.Positions;
        _end = last * g.Positions;
        Current = default;
    }

    public ConvolutionPiece Current { get; private set; }

    public readonly ConvolutionPieces GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_row >= _end) return false;
        if (_g.Unpadded)
        {
            Current = new ConvolutionPiece(_source, false, -1, _row, Math.Min(_chunk, _end - _row), _row);
        }
        else
        {
            int image = _row / _g.Positions, first = _row - image * _g.Positions;
            Current = new ConvolutionPiece(_source, true, image, first, Math.Min(_chunk, _g.Positions - first), _row);
        }
        _row += Current.Count;
        return true;
    }
}
