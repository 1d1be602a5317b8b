using DiyNet.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DiyNet.Tests.Cluster;

/// <summary>The small sweep the cluster tests run, and its table from one process (an embedded silo), computed once.</summary>
internal static class SweepFixtures
{
    public const string SmallYaml = """
        name: small
        train:
          model: Linear(64,{hidden}) ReLU Linear({hidden},10)
          data: digits
          testFraction: 0.5
          epochs: 12
          batchSize: 16
          seed: 7
        grid:
          - { hidden: [16, 32], learningRate: [0.02, 0.05, 0.1] }
          - { hidden: 16, learningRate: -1 }
          - { hidden: 16, learningRate: 1.0e+30 }
        folds: 3
        """;

    public static SweepSpec Small() => SweepSpec.FromNode(SpecReader.FromYaml(SmallYaml, "small.yaml"), "small");

    private static readonly Lazy<Task<string>> SingleProcess = new(RunSingleProcess);

    /// <summary>results.csv of the small sweep on one embedded silo.</summary>
    public static Task<string> SingleProcessTable() => SingleProcess.Value;

    private static async Task<string> RunSingleProcess()
    {
        string dir = TempDirectory("single");
        using var host = await ClusterHost.StartSiloAsync(new ClusterSettings { Slots = 2 });
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        await new SweepRunner(grains, Small(), dir, new SweepRunnerOptions { SlotsPerSilo = 2, TrainBest = false }).RunAsync();
        await host.StopAsync();
        return File.ReadAllText(Path.Combine(dir, ResultsTable.FileName));
    }

    public static string TempDirectory(string name)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"diynet-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Keeps the latest progress report (synchronously, unlike <see cref="Progress{T}"/>).</summary>
    public sealed class Latest : IProgress<SweepProgress>
    {
        private SweepProgress? _value;

        public SweepProgress? Value => Volatile.Read(ref _value);

        public void Report(SweepProgress value) => Volatile.Write(ref _value, value);

        public int Finished => Value is { } p ? p.Done + p.Failed : 0;
    }
}
