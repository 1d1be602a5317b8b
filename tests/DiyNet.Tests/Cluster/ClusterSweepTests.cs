using DiyNet.Cluster;
using DiyNet.Data;
using DiyNet.Metrics;
using DiyNet.Training;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;
using Xunit;

namespace DiyNet.Tests.Cluster;

/// <summary>
/// Holds the first trial of index ≥ <see cref="FromTrial"/> that starts on one of the armed silos, so that a test kills
/// that silo while the trial is certainly running there (a trial of the small sweep trains in milliseconds). A trial of
/// index ≥ <see cref="FromTrial"/> that starts on another silo (the primary, which the test cannot kill) waits until
/// one is held, at most a minute: its silo stays busy, so the driver hands the next trials to the armed silos.
/// </summary>
internal static class HeldTrial
{
    private static readonly object Sync = new();
    private static HashSet<SiloAddress> _silos = [];
    private static TaskCompletionSource<(SiloAddress Silo, int Trial)> _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static bool _taken = true;

    public const int FromTrial = 3;

    /// <summary>The silo and trial held, once one is.</summary>
    public static Task<(SiloAddress Silo, int Trial)> Held { get { lock (Sync) return _held.Task; } }

    public static void Arm(IEnumerable<SiloAddress> silos)
    {
        lock (Sync)
        {
            _silos = [.. silos];
            _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _taken = false;
        }
    }

    /// <summary>Lets a held trial go (it fails: its silo is gone, nobody waits for it).</summary>
    public static void Disarm()
    {
        lock (Sync)
        {
            _taken = true;
            _release.TrySetCanceled();
        }
    }

    public static Task Starting(TrialRequest request, SiloAddress silo)
    {
        lock (Sync)
        {
            if (_taken || request.Index < FromTrial) return Task.CompletedTask;
            if (!_silos.Contains(silo)) return Task.WhenAny(_held.Task, _release.Task, Task.Delay(TimeSpan.FromMinutes(1)));
            _taken = true;
            _held.TrySetResult((silo, request.Index));
            return _release.Task;
        }
    }
}

/// <summary>A 3-silo in-process cluster (Orleans' TestingHost) shared by the tests of <see cref="ClusterSweepTests"/>.</summary>
public sealed class ThreeSiloCluster : IAsyncLifetime
{
    private sealed class Silo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton(services =>
            {
                var silo = services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
                return new TrialSlots(1, request => HeldTrial.Starting(request, silo));
            });
            ClusterHost.ConfigureMembership(siloBuilder.Services, TimeSpan.FromSeconds(2));
            siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(3));
        }
    }

    private sealed class Client : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(3));
    }

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<Silo>();
        builder.AddClientBuilderConfigurator<Client>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        HeldTrial.Disarm();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

public class ClusterSweepTests(ThreeSiloCluster fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ThreeSiloCluster>
{
    [Fact]
    public async Task ASiloKilledHalfwayLosesNoTrialAndTheTableIsTheSingleProcessOne()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sweep = SweepFixtures.Small();
        string expected = await SweepFixtures.SingleProcessTable();
        output.WriteLine($"single {clock.Elapsed}");
        string dir = SweepFixtures.TempDirectory("three-silos");
        var cluster = fixture.Cluster;
        HeldTrial.Arm(cluster.SecondarySilos.Select(s => s.SiloAddress));
        try
        {
            var latest = new SweepFixtures.Latest();
            var run = new SweepRunner(cluster.Client, sweep, dir, new SweepRunnerOptions { SlotsPerSilo = 1, TrainBest = false }).RunAsync(latest);
            var held = await HeldTrial.Held.WaitAsync(TimeSpan.FromSeconds(90));
            output.WriteLine($"trial {held.Trial} held on {held.Silo} at {clock.Elapsed} ({latest.Value})");
            await cluster.KillSiloAsync(cluster.SecondarySilos.Single(s => s.SiloAddress.Equals(held.Silo)));
            output.WriteLine($"killed {clock.Elapsed} ({latest.Value})");
            var outcome = await run.WaitAsync(TimeSpan.FromSeconds(120));
            output.WriteLine($"done {clock.Elapsed} ({latest.Value})");
            Assert.True(outcome.Restarts >= 1, $"trial {held.Trial}, held on the killed silo, should have been started again elsewhere");
            Assert.Equal(expected, File.ReadAllText(Path.Combine(dir, ResultsTable.FileName)));
            Assert.Equal(8, outcome.Results.Count);
            Assert.Equal(2, outcome.Results.Count(r => !r.Succeeded));
        }
        finally
        {
            HeldTrial.Disarm();
        }
    }

    [Fact]
    public async Task TheSingleProcessTableHoldsGridSearchScoresAndRecordsFailedTrials()
    {
        var sweep = SweepFixtures.Small();
        string csv = await SweepFixtures.SingleProcessTable();
        var (header, rows) = ResultsTable.Read(WriteTemp(csv));
        Assert.Equal(["trial", "rank", "status", "hidden", "learningRate", "accuracy_mean", "accuracy_std", "fold1", "fold2", "fold3", "error"], header);
        Assert.Contains("ArgumentOutOfRangeException", rows[6][^1]);
        Assert.Contains("diverged", rows[7][^1]);
        Assert.Equal(["failed", "failed"], rows.Skip(6).Select(r => r[2]));

        // The six grid trials score exactly as the library's GridSearch on the same data, folds and seed.
        var (train, _) = EmbeddedData.Digits().Scaled(1f / 16f).Split(0.5, 7);
        var grid = new ParameterGrid { { "hidden", 16, 32 }, { "learningRate", 0.02f, 0.05f, 0.1f } };
        GridSearchModel Factory(ParameterSet p, Random r) => new(
            new DiyNet.Modules.Sequential(new DiyNet.Modules.Linear(64, p.Get<int>("hidden"), random: r), new DiyNet.Modules.ReLU(),
                new DiyNet.Modules.Linear(p.Get<int>("hidden"), 10, random: r)), new DiyNet.Losses.CELogSoftmax(),
            new TrainingOptions { Epochs = 12, BatchSize = 16, LearningRate = p.Get<float>("learningRate") });
        var result = GridSearch.Run(Factory, grid, train.X, train.OneHot(), Scores.Accuracy, cv: 3, seed: 7);
        foreach (var row in result.Rows)
            for (int f = 0; f < 3; f++)
                Assert.Equal(row.FoldScores[f].ToString("R", System.Globalization.CultureInfo.InvariantCulture), rows[row.Index][7 + f]);
    }

    private static string WriteTemp(string text)
    {
        string path = Path.Combine(SweepFixtures.TempDirectory("csv"), ResultsTable.FileName);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task DataParallelTrainingOnTheClusterIsBitIdenticalToOneProcess()
    {
        var spec = new TrainSpec { Model = "Linear(64,32) ReLU Linear(32,10)", Data = "digits", TestFraction = 0.5, Epochs = 2, BatchSize = 64, ShardSize = 8, LearningRate = 0.1, Optimizer = "sgd", Momentum = 0.9, Seed = 3 };
        var (train, _) = TrialRunner.Parts(spec);
        var single = spec.BuildModel(new Random(spec.Seed));
        var local = new LocalShardWorkers(1, () => spec.BuildModel(new Random(0)), spec.BuildLoss, train.X, train.Y);
        var one = await DataParallelTrainer.Train(single, spec.BuildLoss(), train.X.Dim(0), spec.DataParallelOptions(), local);

        var cluster = fixture.Cluster;
        {
            var net = spec.BuildModel(new Random(spec.Seed));
            var workers = new GrainShardWorkers(cluster.Client, 2, spec, $"dp-{Guid.NewGuid():N}");
            var two = await DataParallelTrainer.Train(net, spec.BuildLoss(), train.X.Dim(0), spec.DataParallelOptions(), workers);
            Assert.Equal(one.Stats.Steps, two.Stats.Steps);
            Assert.Equal(2, two.Stats.Workers);
            float[] a = ShardWorker.GetWeights(single), b = ShardWorker.GetWeights(net);
            for (int i = 0; i < a.Length; i++)
                Assert.True(BitConverter.SingleToInt32Bits(a[i]) == BitConverter.SingleToInt32Bits(b[i]), $"weight {i}: {a[i]:R} on one process, {b[i]:R} with two worker grains");
            Assert.Equal(one.History.TrainLoss, two.History.TrainLoss);
        }
    }
}
