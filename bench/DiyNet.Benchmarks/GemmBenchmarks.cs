using BenchmarkDotNet.Attributes;
using DiyNet.Kernels;

namespace DiyNet.Benchmarks;

/// <summary>
/// <c>C = A·B</c> for square sizes and for the products of the course's networks (m × n × k, transposes as in
/// Linear's forward, weight gradient and input gradient), per implementation and thread count.
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];
    private int _m, _n, _k, _lda, _ldb;
    private bool _transA, _transB;
    private GemmProvider _saved;
    private int _savedThreads;

    /// <summary>m × n × k and the transposes, e.g. <c>64x256x784 NN</c>.</summary>
    [Params("64x64x64 NN", "256x256x256 NN", "1024x1024x1024 NN", "64x256x784 NN", "784x256x64 TN", "64x784x256 NT",
        "1024x256x784 NN", "32x100x64 NN", "1x256x784 NN")]
    public string Shape { get; set; } = "64x64x64 NN";

    /// <summary>The implementation.</summary>
    [Params(GemmImplementation.Managed, GemmImplementation.OpenBlas)]
    public GemmImplementation Implementation { get; set; }

    /// <summary>Kernel threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Allocates the operands and selects the provider.</summary>
    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Shape.Split(' ');
        int[] d = parts[0].Split('x').Select(int.Parse).ToArray();
        (_m, _n, _k, _transA, _transB) = (d[0], d[1], d[2], parts[1][0] == 'T', parts[1][1] == 'T');
        (_lda, _ldb) = (_transA ? _m : _k, _transB ? _k : _n);
        int m = _m, n = _n, k = _k;
        var r = new Random(1);
        _a = Enumerable.Range(0, m * k).Select(_ => (float)r.NextDouble()).ToArray();
        _b = Enumerable.Range(0, k * n).Select(_ => (float)r.NextDouble()).ToArray();
        _c = new float[m * n];
        _saved = KernelSettings.GemmProvider;
        _savedThreads = KernelSettings.MaxThreads;
        KernelSettings.MaxThreads = Threads;
        if (Implementation == GemmImplementation.OpenBlas) KernelSettings.GemmProvider = GemmProvider.OpenBlas;
    }

    /// <summary>Restores the settings.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        KernelSettings.GemmProvider = _saved;
        KernelSettings.MaxThreads = _savedThreads;
    }

    /// <summary>One product (β = 0).</summary>
    [Benchmark]
    public void Multiply() => Gemm.Multiply(_transA, _transB, _m, _n, _k, 1f, _a, _lda, _b, _ldb, 0f, _c, _n);
}
