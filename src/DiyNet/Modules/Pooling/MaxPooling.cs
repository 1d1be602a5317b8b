using DiyNet.Tensors;
using DiyNet.Kernels;

namespace DiyNet.Modules;

/// <summary>
/// Base of <see cref="MaxPool1D"/> and <see cref="MaxPool2D"/>: <c>y = max over the window</c>, and the gradient goes
/// to the position of the maximum. Ties: the first maximum in window scan order (row by row) takes the whole gradient,
/// as PyTorch on the CPU; a NaN counts as the maximum.
/// </summary>
public abstract class MaxPooling : Pooling
{
    private int[] _argmax = [];

    private protected MaxPooling(int rank, int kSize, int? stride) : base(rank, kSize, stride)
    {
    }

    private protected sealed override void Pool(in Window2D window, int batch, Tensor input, Tensor output)
    {
        if (_argmax.Length < output.Length) _argmax = new int[output.Length];
        Kernels.MaxPool.Forward(window, batch, input.Span, output.Span, _argmax.AsSpan(0, output.Length));
    }

    private protected sealed override void Unpool(in Window2D window, int batch, Tensor input, Tensor delta, Tensor gradInput)
    {
        // The maxima are those of the last forward pass, whose input the base class has checked this is.
        Kernels.MaxPool.Backward(window, batch, _argmax.AsSpan(0, delta.Length), delta.Span, gradInput.Span);
    }
}
