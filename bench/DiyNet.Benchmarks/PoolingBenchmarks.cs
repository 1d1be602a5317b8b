using DiyNet.Modules;
using DiyNet.Tensors;
using BenchmarkDotNet.Attributes;

namespace DiyNet.Benchmarks;

/// <summary>Max pooling forward and backward at the shapes of workloads d, e and f (6, 16 and 32 channels).</summary>
[MemoryDiagnoser]
public class PoolingBenchmarks
{
    private Module _pool = new MaxPool2D(2);
    private Tensor _x = new(1, 2, 2, 1), _delta = new(1, 1, 1, 1);

    /// <summary>Input: batch, H×W×C (or L×C).</summary>
    [Params("64x28x28x6", "32x14x14x16", "32x254x32")]
    public string Input { get; set; } = "64x28x28x6";

    /// <summary>Builds the layer and a batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        int[] shape = Input.Split('x').Select(int.Parse).ToArray();
        _pool = shape.Length == 4 ? new MaxPool2D(2) : new MaxPool1D(2);
        _x = new Tensor(shape);
        new Random(2).FillUniform(_x.Span, 0f, 1f);
        var y = _pool.Forward(_x);
        _delta = new Tensor(y.Shape.ToArray());
        new Random(3).FillUniform(_delta.Span, -1f, 1f);
    }

    /// <summary>The maxima and their positions.</summary>
    [Benchmark]
    public Tensor Forward() => _pool.Forward(_x);

    /// <summary>δ scattered to the positions of the maxima.</summary>
    [Benchmark]
    public Tensor Backward() => _pool.BackwardDelta(_x, _delta);
}
