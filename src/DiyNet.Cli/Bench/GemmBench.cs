using System.Diagnostics;
using DiyNet.Kernels;

namespace DiyNet.Cli.Bench;

/// <summary>
/// Square products <c>C = A·B</c> (float32, row-major) timed on the managed kernel, then on OpenBLAS, in the same
/// process and on the same data, one warm-up each. The runs are not interleaved one by one: OpenBLAS's threads keep
/// spinning for a while after each call and would take the second core from the managed kernel's worker.
/// </summary>
internal static class GemmBench
{
    /// <summary>Times <c>size³</c> products <paramref name="runs"/> times per provider.</summary>
    public static GemmBenchResult Run(int size, int runs)
    {
        var random = new Random(size);
        var a = new float[size * size];
        var b = new float[size * size];
        var c = new float[size * size];
        random.FillUniform(a, -1f, 1f);
        random.FillUniform(b, -1f, 1f);
        bool native = KernelSettings.IsOpenBlasAvailable;
        var saved = KernelSettings.GemmProvider;
        var managed = new double[runs];
        double[]? openBlas = native ? new double[runs] : null;
        try
        {
            double Time(GemmProvider provider)
            {
                KernelSettings.GemmProvider = provider;
                long start = Stopwatch.GetTimestamp();
                Gemm.Multiply(false, false, size, size, size, 1f, a, size, b, size, 0f, c, size);
                return Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
            Time(GemmProvider.Managed);
            for (int r = 0; r < runs; r++) managed[r] = Time(GemmProvider.Managed);
            if (openBlas is not null)
            {
                Time(GemmProvider.OpenBlas);
                for (int r = 0; r < runs; r++) openBlas[r] = Time(GemmProvider.OpenBlas);
            }
        }
        finally { KernelSettings.GemmProvider = saved; }
        return new GemmBenchResult(size, managed, openBlas);
    }
}
