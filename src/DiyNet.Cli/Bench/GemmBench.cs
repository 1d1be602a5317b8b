using DiyNet.Tensors;
using System.Diagnostics;
using DiyNet.Kernels;

namespace DiyNet.Cli.Bench;

/// <summary>
/// Square products <c>C = A·B</c> (float32, row-major) timed on the managed kernel for every size, then on OpenBLAS
/// for every size, in the same process and on the same data, each size after a fifth of a second of untimed calls.
/// OpenBLAS is loaded only after all the managed runs: its threads keep spinning for a while after loading and after
/// each call, and would take the second core from the managed kernel's worker.
/// </summary>
internal static class GemmBench
{
    /// <summary>Times <c>size³</c> products <paramref name="runs"/> times per provider, for every size.</summary>
    public static IReadOnlyList<GemmBenchResult> Run(IReadOnlyList<int> sizes, int runs)
    {
        var saved = KernelSettings.GemmProvider;
        try
        {
            var managed = sizes.Select(n => Time(GemmProvider.Managed, n, runs)).ToArray();
            bool native = KernelSettings.IsOpenBlasAvailable;
            return sizes.Select((n, i) => new GemmBenchResult(n, managed[i].Seconds, managed[i].ProcessorSeconds,
                native ? Time(GemmProvider.OpenBlas, n, runs).Seconds : null)).ToArray();
        }
        finally { KernelSettings.GemmProvider = saved; }
    }

    /// <summary>Wall-clock and process processor seconds of each timed product.</summary>
    private static (double[] Seconds, double[] ProcessorSeconds) Time(GemmProvider provider, int size, int runs)
    {
        var random = new Random(size);
        var a = new float[size * size];
        var b = new float[size * size];
        var c = new float[size * size];
        random.FillUniform(a, -1f, 1f);
        random.FillUniform(b, -1f, 1f);
        KernelSettings.GemmProvider = provider;
        (double Wall, double Processor) Once()
        {
            TimeSpan processorStart = Environment.CpuUsage.TotalTime;
            long start = Stopwatch.GetTimestamp();
            Gemm.Multiply(false, false, size, size, size, 1f, a, size, b, size, 0f, c, size);
            return (Stopwatch.GetElapsedTime(start).TotalSeconds, (Environment.CpuUsage.TotalTime - processorStart).TotalSeconds);
        }
        double spent = 0;
        for (int i = 0; i < 3 || spent < 0.2; i++) spent += Once().Wall;
        var seconds = new double[runs];
        var processorSeconds = new double[runs];
        for (int r = 0; r < runs; r++) (seconds[r], processorSeconds[r]) = Once();
        return (seconds, processorSeconds);
    }
}
