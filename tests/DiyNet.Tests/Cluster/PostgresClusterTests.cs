using DiyNet.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using System.Diagnostics;
using Xunit;

namespace DiyNet.Tests.Cluster;

/// <summary>
/// A cluster of two <c>diynet-cluster worker</c> processes whose membership lives in PostgreSQL on 127.0.0.1
/// (<see cref="PostgresTestCluster"/>: the test creates and drops its own database), driven by this process as a
/// client, with one worker killed mid-sweep.
/// </summary>
public class PostgresClusterTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task AWorkerProcessKilledMidSweepLosesNoTrial()
    {
        await using var cluster = await PostgresTestCluster.CreateAsync();
        var clock = Stopwatch.StartNew();
        string expected = await SweepFixtures.SingleProcessTable();
        output.WriteLine($"single-process table {clock.Elapsed}");
        for (int w = 0; w < 2; w++) cluster.StartWorker();
        using var client = await cluster.ConnectClient();
        var grains = client.Services.GetRequiredService<IGrainFactory>();
        await cluster.WaitForSilos(grains, 2);
        output.WriteLine($"2 workers in the cluster {clock.Elapsed}");

        string dir = SweepFixtures.TempDirectory("postgres");
        var latest = new SweepFixtures.Latest();
        // Results are fetched every 2 s: a trial stays on its worker (its grain active, its result not yet read) at
        // least that long, so the worker killed below certainly holds an unfinished trial.
        var options = new SweepRunnerOptions { SlotsPerSilo = 1, TrainBest = false, Poll = TimeSpan.FromSeconds(2) };
        var run = new SweepRunner(grains, SweepFixtures.Small(), dir, options).RunAsync(latest);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        WorkerProcess? victim = null;
        while (victim is null && !run.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            if (latest.Finished < 1) continue;
            var busy = await SilosOfUnfinishedTrials(grains, dir);
            victim = cluster.Workers.FirstOrDefault(w => busy.Any(s => s.Endpoint.Port == w.SiloPort));
        }
        Assert.True(victim is not null, $"no worker was running a trial after one finished ({latest.Value})");
        output.WriteLine($"SIGKILL worker on port {victim.SiloPort} {clock.Elapsed} ({latest.Value})");
        victim.Process.Kill();   // SIGKILL: no goodbye to the cluster
        await victim.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(150));
        output.WriteLine($"sweep done {clock.Elapsed} ({latest.Value}, {outcome.Restarts} restarts)");
        Assert.True(outcome.Restarts >= 1, "the killed worker's trial should have been started again on the other one");
        Assert.Equal(expected, File.ReadAllText(Path.Combine(dir, ResultsTable.FileName)));
        await client.StopAsync();
    }

    /// <summary>
    /// The silos holding the activation of a trial that the results table still shows running (an activation of a
    /// finished trial may linger a moment after its result was read).
    /// </summary>
    private static async Task<HashSet<SiloAddress>> SilosOfUnfinishedTrials(IGrainFactory grains, string dir)
    {
        string table = Path.Combine(dir, ResultsTable.FileName);
        if (!File.Exists(table)) return [];
        var (header, rows) = ResultsTable.Read(table);
        int status = Array.IndexOf(header, "status");
        var running = rows.Where(r => r[status] == "running").Select(r => r[0]).ToHashSet();
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return [.. statistics.Where(s => s.GrainType.Contains("TrialGrain", StringComparison.OrdinalIgnoreCase)
                                         && running.Contains(s.GrainId.Key.ToString()!.Split('/')[^1]))
                             .Select(s => s.SiloAddress)];
    }
}
