using BenchmarkDotNet.Running;

namespace DiyNet.Benchmarks;

/// <summary>
/// BenchmarkDotNet entry point: <c>dotnet run -c Release --project bench/DiyNet.Benchmarks -- --filter '*'</c>
/// (or <c>--filter '*Gemm*'</c>, <c>--list flat</c>). Results go to BenchmarkDotNet.Artifacts/.
/// </summary>
public static class Program
{
    /// <summary>Runs the benchmarks chosen on the command line.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
