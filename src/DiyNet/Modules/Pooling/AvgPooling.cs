using DiyNet.Tensors;
using DiyNet.Kernels;

namespace DiyNet.Modules;

/// <summary>
/// Base of <see cref="AvgPool1D"/> and <see cref="AvgPool2D"/>: <c>y = mean over the window</c>; each input position
/// gets δ / (window size) from every window that contains it.
/// </summary>
public abstract class AvgPooling : Pooling
{
    private protected AvgPooling(int rank, int kSize, int? stride) : base(rank, kSize, stride)
    {
    }

    private protected sealed override void Pool(in Window2D window, int batch, Tensor input, Tensor output) =>
        Kernels.AvgPool.Forward(window, batch, input.Span, output.Span);

    private protected sealed override void Unpool(in Window2D window, int batch, Tensor input, Tensor delta, Tensor gradInput) =>
        Kernels.AvgPool.Backward(window, batch, delta.Span, gradInput.Span);
}
