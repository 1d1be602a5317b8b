using DiyNet.Tensors;
using Xunit;

namespace DiyNet.Tests.Tensors;

/// <summary><see cref="Tensor.Slice"/>: a view of rows of the first axis, no copy.</summary>
public class TensorSliceTests
{
    [Fact]
    public void SliceIsAViewOfRows()
    {
        var t = Tensor.FromArray(Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), 4, 3, 2);
        var s = t.Slice(1, 2);
        Assert.Equal([2, 3, 2], s.Shape.ToArray());
        Assert.Equal(Enumerable.Range(6, 12).Select(i => (float)i).ToArray(), s.Span.ToArray());
        Assert.Equal(13f, s[1, 0, 1]);
        Assert.Equal([12f, 13f, 14f, 15f, 16f, 17f], s.Row(1).ToArray());
        s[0, 0, 0] = -1f;
        Assert.Equal(-1f, t[1, 0, 0]);
        Assert.Equal(Enumerable.Range(6, 12).Select(i => i == 6 ? -1f : i).ToArray(), s.Reshape(-1).Span.ToArray());
        Assert.Equal(0, t.Slice(4, 0).Length);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => t.Slice(3, 2));
        Assert.Contains("rows 3 .. 5 are not inside the first axis of shape (4, 3, 2)", e.Message);
    }
}
