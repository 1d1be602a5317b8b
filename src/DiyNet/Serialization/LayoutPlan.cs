using DiyNet.Tensors;

namespace DiyNet.Serialization;

/// <summary>
/// How one tensor changes layout between DiyNet and PyTorch: an axis permutation and, for a Linear next to a
/// channels-last Flatten/Unflatten, a reordering of its input rows (<see cref="InChannels"/>) or output columns
/// (<see cref="OutChannels"/>) from (position, channel) to (channel, position).
/// </summary>
internal sealed record LayoutPlan(LayoutKind Kind, int InChannels, int OutChannels)
{
    // torch axis a holds DiyNet axis Axes[a].
    private int[] Axes => Kind switch
    {
        LayoutKind.Linear => [1, 0],
        LayoutKind.Conv1D => [2, 1, 0],
        LayoutKind.Conv2D => [3, 2, 0, 1],
        LayoutKind.ConvTranspose1D => [0, 2, 1],
        LayoutKind.ConvTranspose2D => [0, 3, 1, 2],
        _ => [0],
    };

    /// <summary>The torch shape of a DiyNet tensor.</summary>
    public int[] TorchShape(Tensor diy) => [.. Axes.Select(a => diy.Dim(a))];

    /// <summary>DiyNet → torch.</summary>
    public Tensor ToTorch(Tensor diy)
    {
        var torch = new Tensor(TorchShape(diy));
        Move(diy, torch, toTorch: true);
        return torch;
    }

    /// <summary>torch → DiyNet (<paramref name="diyShape"/> is the DiyNet shape).</summary>
    public Tensor FromTorch(Tensor torch, int[] diyShape)
    {
        var diy = new Tensor(diyShape);
        Move(diy, torch, toTorch: false);
        return diy;
    }

    // Walks every DiyNet index, computes the torch offset, copies one way or the other.
    private void Move(Tensor diy, Tensor torch, bool toTorch)
    {
        int[] axes = Axes;
        int rank = diy.Rank;
        var shape = diy.Shape.ToArray();
        var torchStrides = new int[rank];
        for (int a = rank - 1, s = 1; a >= 0; a--) { torchStrides[a] = s; s *= torch.Dim(a); }
        var strideOfDiyAxis = new int[rank];
        for (int a = 0; a < rank; a++) strideOfDiyAxis[axes[a]] = torchStrides[a];
        var index = new int[rank];
        Span<float> d = diy.Span, t = torch.Span;
        for (int flat = 0; flat < d.Length; flat++)
        {
            int offset = 0;
            for (int a = 0; a < rank; a++)
                offset += Reorder(a, index[a], shape[a]) * strideOfDiyAxis[a];
            if (toTorch) t[offset] = d[flat];
            else d[flat] = t[offset];
            for (int a = rank - 1; a >= 0; a--)
            {
                if (++index[a] < shape[a]) break;
                index[a] = 0;
            }
        }
    }

    // (position, channel) → (channel, position) for the axes that need it: a Linear's input axis (0) after a Flatten,
    // its output axis (1, or 0 for a bias) before an Unflatten.
    private int Reorder(int axis, int i, int size)
    {
        int channels = Kind switch
        {
            LayoutKind.Linear => axis == 0 ? InChannels : OutChannels,
            LayoutKind.Vector => OutChannels,
            _ => 1,
        };
        if (channels <= 1) return i;
        int positions = size / channels;
        return i % channels * positions + i / channels;
    }
}
