using DiyNet.Modules;
using DiyNet.Tensors;
using BenchmarkDotNet.Attributes;

namespace DiyNet.Benchmarks;

/// <summary>
/// Forward and backward of the convolution layers of workloads d, e and f (LeNet-5, the USPS CNN, the course's Conv1D
/// net), on both paths: the chunked kernels (windows read in place, narrow tiles) and im2col + <c>Gemm</c>.
/// </summary>
[MemoryDiagnoser]
public class ConvolutionBenchmarks
{
    private Convolution _layer = new Conv2D(1, 1, 1);
    private Tensor _x = new(1, 1, 1, 1), _delta = new(1, 1, 1, 1);

    /// <summary>Layer: batch, input (H×W×C or L×C), kernel, output channels, padding.</summary>
    [Params("d1: 64, 28x28x1, 5x5 -> 6, p2", "d2: 64, 14x14x6, 5x5 -> 16", "e1: 32, 16x16x1, 3x3 -> 16",
        "e2: 32, 7x7x16, 3x3 -> 32", "f1: 32, 256x1, 3 -> 32")]
    public string Layer { get; set; } = "d1: 64, 28x28x1, 5x5 -> 6, p2";

    /// <summary>Which implementation runs the products.</summary>
    [Params("chunked", "im2col+Gemm")]
    public string Path { get; set; } = "chunked";

    /// <summary>Builds the layer and a batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        bool gemm = Path != "chunked";
        (_layer, int[] shape) = Layer[..2] switch
        {
            "d1" => ((Convolution)new Conv2D(5, 1, 6, padding: 2, random: new Random(1)), new[] { 64, 28, 28, 1 }),
            "d2" => (new Conv2D(5, 6, 16, random: new Random(1)), new[] { 64, 14, 14, 6 }),
            "e1" => (new Conv2D(3, 1, 16, random: new Random(1)), new[] { 32, 16, 16, 1 }),
            "e2" => (new Conv2D(3, 16, 32, random: new Random(1)), new[] { 32, 7, 7, 16 }),
            _ => (new Conv1D(3, 1, 32, random: new Random(1)), new[] { 32, 256, 1 }),
        };
        _layer.ForceGemmPath = gemm;
        _x = new Tensor(shape);
        new Random(2).FillUniform(_x.Span, 0f, 1f);
        var y = _layer.Forward(_x);
        _delta = new Tensor(y.Shape.ToArray());
        new Random(3).FillUniform(_delta.Span, -1f, 1f);
    }

    /// <summary><c>y = im2col(x)·W + b</c>.</summary>
    [Benchmark]
    public Tensor Forward() => _layer.Forward(_x);

    /// <summary>Forward, then <c>∂W += im2col(x)ᵀ·δ</c>, <c>∂b += Σ δ</c>, <c>∂x = col2im(δ·Wᵀ)</c>.</summary>
    [Benchmark]
    public Tensor ForwardBackward()
    {
        _layer.Forward(_x);
        return _layer.Backward(_x, _delta);
    }
}
