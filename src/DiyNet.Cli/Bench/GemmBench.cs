using System.Diagnostics;
using DiyNet.Kernels;

namespace DiyNet.Cli.Bench;

/// <summary>
/// Square products <c>C = A·B</c> (float32, row-major) timed on the managed kernel, then on OpenBLAS, in the same
/// process and on the same data, each after a fifth of a second of untimed calls. The runs are not interleaved one by one, and OpenBLAS is loaded
/// only after the managed runs: its threads spin for a while after loading and after each call, and would take the
/// second core from the managed kernel's worker.
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
        var saved = KernelSettings.GemmProvider;
        var managed = new double[runs];
        double[]? openBlas = null;
        try
        {
            double Time(GemmProvider provider)
            {
                KernelSettings.GemmProvider = provider;
                long start = Stopwatch.GetTimestamp();
                Gemm.Multiply(false, false, size, size, size, 1f, a, size, b, size, 0f, c, size);
                return Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
            WarmUp(() => Time(GemmProvider.Managed));
            for (int r = 0; r < runs; r++) managed[r] = Time(GemmProvider.Managed);
            // Loading OpenBLAS starts its threads, which spin for a while: only after the managed runs.
            if (KernelSettings.IsOpenBlasAvailable)
            {
                openBlas = new double[runs];
                WarmUp(() => Time(GemmProvider.OpenBlas));
                for (int r = 0; r < runs; r++) openBlas[r] = Time(GemmProvider.OpenBlas);
            }
        }
        finally { KernelSettings.GemmProvider = saved; }
        return new GemmBenchResult(size, managed, openBlas);
    }

    // Untimed calls for at least a fifth of a second (threads started and spinning, code compiled, caches warm).
    private static void WarmUp(Func<double> call)
    {
        double spent = 0;
        for (int i = 0; i < 3 || spent < 0.2; i++) spent += call();
    }
}
