using DiyNet.Tensors;
using Xunit;

namespace DiyNet.Tests.Tensors;

/// <summary>Large tensors start on a 64-byte boundary, whatever the allocator's address, and behave as any other.</summary>
public class TensorAlignmentTests
{
    private static unsafe long Misalignment(Tensor t)
    {
        fixed (float* p = t.Span) return (long)p & 63;
    }

    [Fact]
    public void LargeTensorsStartOnA64ByteBoundaryAndSmallOnesAreUnchanged()
    {
        Tensor? buffer = null;
        foreach (int n in new[] { Tensor.AlignedFrom, Tensor.AlignedFrom + 1, 5000, 100_000, 1 << 20 })
        {
            var t = new Tensor(n);
            Assert.Equal(0L, Misalignment(t));
            Assert.Equal(n, t.Length);
            Assert.All(t.Span.ToArray(), v => Assert.Equal(0f, v));
            Assert.Equal(0L, Misalignment(Tensor.Ensure(ref buffer, n + 7)));   // a buffer grown by Ensure too
        }
        Assert.Equal(100, new Tensor(100).Length);
    }

    [Fact]
    public void AnAlignedTensorWrittenThroughEveryAccessorKeepsItsValues()
    {
        var values = new float[100, 50];   // 5000 elements: aligned storage
        for (int i = 0; i < 100; i++) for (int j = 0; j < 50; j++) values[i, j] = i * 50 + j;
        var t = Tensor.FromRows(values);
        Assert.Equal(0L, Misalignment(t));
        for (int i = 0; i < 100; i += 7) for (int j = 0; j < 50; j += 3) Assert.Equal(i * 50 + j, t[i, j]);
        Assert.Equal(Enumerable.Range(0, 5000).Select(v => (float)v), t.Span.ToArray());
        var rows = t.Slice(10, 5);
        Assert.Equal(500f, rows[0, 0]);
        Assert.Equal(Enumerable.Range(500, 250).Select(v => (float)v), rows.Span.ToArray());
        var r = t.Reshape(50, 100);
        r[1, 0] = -1f;
        Assert.Equal(-1f, t[2, 0]);
        Assert.Equal(t.Span.ToArray(), t.Clone().Span.ToArray());
    }
}
