using DiyNet.Modules;
using DiyNet.Tensors;
using BenchmarkDotNet.Attributes;

namespace DiyNet.Benchmarks;

/// <summary>Forward and backward of one <see cref="Linear"/> layer at the shapes of the course's networks.</summary>
[MemoryDiagnoser]
public class LinearBenchmarks
{
    private Linear _layer = new(1, 1);
    private Tensor _x = new(1, 1), _delta = new(1, 1);

    /// <summary>batch × in → out.</summary>
    [Params("64x784x256", "256x784x256", "32x64x100", "32x100x256", "1x784x256")]
    public string Shape { get; set; } = "64x784x256";

    /// <summary>Builds the layer and a batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        int[] d = Shape.Split('x').Select(int.Parse).ToArray();
        _layer = new Linear(d[1], d[2], random: new Random(1));
        _x = new Tensor(d[0], d[1]);
        new Random(2).FillUniform(_x.Span, 0f, 1f);
        _delta = new Tensor(d[0], d[2]);
        new Random(3).FillUniform(_delta.Span, -1f, 1f);
    }

    /// <summary><c>y = x·W + b</c>.</summary>
    [Benchmark]
    public Tensor Forward() => _layer.Forward(_x);

    /// <summary><c>∂W += xᵀ·δ</c>, <c>∂b += Σ δ</c>, <c>∂x = δ·Wᵀ</c>.</summary>
    [Benchmark]
    public Tensor Backward() => _layer.Backward(_x, _delta);
}
