using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Modules;

public class ShapeErrorTests
{
    [Fact]
    public void LinearNamesItselfTheExpectedAndTheActualShape()
    {
        var e = Assert.Throws<ShapeException>(() => new Linear(784, 128).Forward(new Tensor(32, 785)));
        Assert.Equal("Linear(784 → 128): input has shape (32, 785), expected (N, 784).", e.Message);
    }

    [Fact]
    public void SequentialNamesTheFailingChildByIndexAndType()
    {
        var net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(7, 2));
        var e = Assert.Throws<SequentialException>(() => net.Forward(new Tensor(3, 4)));
        Assert.Contains("module [2] Linear", e.Message);
        Assert.Contains("(3, 8)", e.Message);
        Assert.Contains("(N, 7)", e.Message);
        Assert.IsType<ShapeException>(e.InnerException);
    }

    [Fact]
    public void ToStringShowsTheConfiguration()
    {
        var net = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
        Assert.Equal("Sequential(\n  [0] Linear(784 → 128)\n  [1] ReLU()\n  [2] Linear(128 → 10)\n)", net.ToString());
    }
}
