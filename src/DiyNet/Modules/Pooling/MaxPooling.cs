using DiyNet.Tensors;
using DiyNet.Kernels;

namespace DiyNet.Modules;

/// <summary>
/// Base of <see cref="MaxPool1D"/> and <see cref="MaxPool2D"/>: <c>y = max over the window</c>, and the gradient goes
/// to the position of the maximum. Ties: the first maximum in window scan order (row by row) takes the whole gradient,
/// as PyTorch on the CPU; a NaN counts as the maximum. In evaluation mode the forward pass finds the maxima without
/// writing their positions (an inference pass never goes backward); a backward pass after it finds them again from
/// its input, so the gradient is the same in both modes.
/// </summary>
public abstract class MaxPooling : Pooling
{
    private int[] _argmax = [];
    private float[] _maxima = [];
    private bool _positionsKept;   // whether _argmax holds the positions of the last forward pass

    private protected MaxPooling(int rank, int kSize, int? stride) : base(rank, kSize, stride)
    {
    }

    private protected sealed override void Pool(in Window2D window, int batch, Tensor input, Tensor output) =>
        Kernels.MaxPool.Forward(window, batch, input.Span, output.Span, PositionsOfThisPass(output.Length));

    // Where the forward pass writes the positions of its `length` maxima: this module's buffer in training mode,
    // nowhere (empty) in evaluation mode; records which it was for the backward pass.
    private Span<int> PositionsOfThisPass(int length)
    {
        _positionsKept = IsTraining;
        if (!IsTraining) return [];
        if (_argmax.Length < length) _argmax = new int[length];
        return _argmax.AsSpan(0, length);
    }

    /// <summary>
    /// The first half of a forward pass that another layer completes (<see cref="Sequential"/> fuses a
    /// <see cref="Convolution"/>, a <see cref="ReLU"/> and a max pooling so that each image is pooled as soon as the
    /// convolution has written it): checks and remembers <paramref name="input"/> — whose values are not read here, and
    /// may still be being computed — and returns the output buffer to fill, the window, and where the positions of the
    /// maxima go (empty in evaluation mode). The caller must then write the output and positions exactly as
    /// <see cref="Kernels.MaxPool.Forward"/> over the finished input would.
    /// </summary>
    /// <exception cref="ShapeException">The input's shape does not fit this pooling.</exception>
    internal Tensor BeginFusedForward(Tensor input, out Window2D window, out Span<int> argmax)
    {
        var y = BeginForward(input, out window);
        argmax = PositionsOfThisPass(y.Length);
        return y;
    }

    private protected sealed override void Unpool(in Window2D window, int batch, Tensor input, Tensor delta, Tensor gradInput)
    {
        // The maxima are those of the last forward pass, whose input the base class has checked this is; after an
        // evaluation pass their positions are found again (into buffers of this module, reused).
        if (!_positionsKept)
        {
            if (_argmax.Length < delta.Length) _argmax = new int[delta.Length];
            if (_maxima.Length < delta.Length) _maxima = new float[delta.Length];
            Kernels.MaxPool.Forward(window, batch, input.Span, _maxima.AsSpan(0, delta.Length), _argmax.AsSpan(0, delta.Length));
            _positionsKept = true;
        }
        Kernels.MaxPool.Backward(window, batch, _argmax.AsSpan(0, delta.Length), delta.Span, gradInput.Span);
    }
}
