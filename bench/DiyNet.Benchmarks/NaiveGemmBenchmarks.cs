using BenchmarkDotNet.Attributes;
using DiyNet.Kernels;

namespace DiyNet.Benchmarks;

/// <summary>The naive triple loop the kernels are tested against, beside the managed kernel, on small squares.</summary>
public class NaiveGemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];

    /// <summary>m = n = k.</summary>
    [Params(32, 64, 128)]
    public int Size { get; set; }

    /// <summary>Allocates the operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var r = new Random(1);
        _a = Enumerable.Range(0, Size * Size).Select(_ => (float)r.NextDouble()).ToArray();
        _b = Enumerable.Range(0, Size * Size).Select(_ => (float)r.NextDouble()).ToArray();
        _c = new float[Size * Size];
    }

    /// <summary>The naive loop.</summary>
    [Benchmark(Baseline = true)]
    public void Naive() => Gemm.Reference(false, false, Size, Size, Size, 1f, _a, Size, _b, Size, 0f, _c, Size);

    /// <summary>The managed kernel.</summary>
    [Benchmark]
    public void Managed() => Gemm.Multiply(false, false, Size, Size, Size, 1f, _a, Size, _b, Size, 0f, _c, Size);
}
