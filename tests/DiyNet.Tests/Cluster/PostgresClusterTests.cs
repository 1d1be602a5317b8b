using DiyNet.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Runtime;
using System.Diagnostics;
using System.Text;
using Xunit;

namespace DiyNet.Tests.Cluster;

/// <summary>
/// A cluster of two <c>diynet-cluster worker</c> processes whose membership lives in PostgreSQL on 127.0.0.1 (started
/// by <c>.ci/run</c>; the test creates and drops its own database), driven by this process as a client. Every wait is
/// bounded, and generous: on a loaded 2-core machine a process start, a connection or a death declaration can take
/// many seconds.
/// </summary>
public class PostgresClusterTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>The server's administration connection (the role <c>.ci/run</c> creates), overridable by DIYNET_TEST_POSTGRES.</summary>
    private static string Admin => Environment.GetEnvironmentVariable("DIYNET_TEST_POSTGRES")
                                   ?? "Host=127.0.0.1;Port=5432;Username=diynet;Password=diynet;Database=postgres;Timeout=30;Command Timeout=60";

    [Fact]
    public async Task AWorkerProcessKilledMidSweepLosesNoTrial()
    {
        string database = $"diynet_test_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
        await using (var admin = new NpgsqlConnection(Admin))
        {
            try
            {
                await admin.OpenAsync();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                Assert.Fail($"PostgreSQL is not reachable at {Admin} ({e.Message}); .ci/run installs and starts it (or set DIYNET_TEST_POSTGRES).");
            }
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }
        string connection = new NpgsqlConnectionStringBuilder(Admin) { Database = database }.ConnectionString;
        string clusterId = $"test-{Guid.NewGuid():N}";
        var workers = new List<(Process Process, int SiloPort, StringBuilder Log)>();
        var clock = Stopwatch.StartNew();
        string expected = await SweepFixtures.SingleProcessTable();
        output.WriteLine($"single-process table {clock.Elapsed}");
        try
        {
            for (int w = 0; w < 2; w++) workers.Add(StartWorker(connection, clusterId));
            using var client = await ConnectClient(connection, clusterId, workers);
            var grains = client.Services.GetRequiredService<IGrainFactory>();
            await WaitForSilos(grains, 2, workers);
            output.WriteLine($"2 workers in the cluster {clock.Elapsed}");

            string dir = SweepFixtures.TempDirectory("postgres");
            var latest = new SweepFixtures.Latest();
            // Results are fetched every 2 s: a trial stays on its worker (its grain active, its result not yet read) at
            // least that long, so the worker killed below certainly holds an unfinished trial.
            var options = new SweepRunnerOptions { SlotsPerSilo = 1, TrainBest = false, Poll = TimeSpan.FromSeconds(2) };
            var run = new SweepRunner(grains, SweepFixtures.Small(), dir, options).RunAsync(latest);
            var deadline = DateTime.UtcNow.AddSeconds(120);
            (Process Process, int SiloPort, StringBuilder Log)? victim = null;
            while (victim is null && !run.IsCompleted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
                if (latest.Finished < 1) continue;
                var busy = await SilosOfUnfinishedTrials(grains, dir);
                var match = workers.FirstOrDefault(w => busy.Any(s => s.Endpoint.Port == w.SiloPort));
                if (match.Process is not null) victim = match;
            }
            Assert.True(victim is not null, $"no worker was running a trial after one finished ({latest.Value})");
            output.WriteLine($"SIGKILL worker on port {victim.Value.SiloPort} {clock.Elapsed} ({latest.Value})");
            victim.Value.Process.Kill();   // SIGKILL: no goodbye to the cluster
            await victim.Value.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var outcome = await run.WaitAsync(TimeSpan.FromSeconds(150));
            output.WriteLine($"sweep done {clock.Elapsed} ({latest.Value}, {outcome.Restarts} restarts)");
            Assert.True(outcome.Restarts >= 1, "the killed worker's trial should have been started again on the other one");
            Assert.Equal(expected, File.ReadAllText(Path.Combine(dir, ResultsTable.FileName)));
            await client.StopAsync();
        }
        finally
        {
            foreach (var w in workers)
            {
                if (!w.Process.HasExited) w.Process.Kill();
                await w.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                w.Process.Dispose();
            }
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(Admin);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
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

    private static (Process, int, StringBuilder) StartWorker(string connection, string clusterId)
    {
        int siloPort = ClusterHost.FreePort(), gatewayPort = ClusterHost.FreePort();
        string cli = Path.Combine(AppContext.BaseDirectory, "diynet-cluster.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string a in new[] { cli, "worker", "--cluster", connection, "--cluster-id", clusterId, "--slots", "1",
                     "--silo-port", siloPort.ToString(), "--gateway-port", gatewayPort.ToString() })
            info.ArgumentList.Add(a);
        info.Environment["DIYNET_THREADS"] = "1";
        var log = new StringBuilder();
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, siloPort, log);
    }

    private static string Logs(List<(Process Process, int SiloPort, StringBuilder Log)> workers) =>
        string.Join("\n", workers.Select(w => { lock (w.Log) return $"worker on port {w.SiloPort}:\n{w.Log}"; }));

    private static async Task<IHost> ConnectClient(string connection, string clusterId, List<(Process Process, int SiloPort, StringBuilder Log)> workers)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            try
            {
                return await ClusterHost.StartClientAsync(new ClusterSettings { Connection = connection, ClusterId = clusterId });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (workers.Any(w => w.Process.HasExited)) Assert.Fail($"a worker exited before the cluster formed:\n{Logs(workers)}");
                if (DateTime.UtcNow > deadline) Assert.Fail($"no gateway after 120 s ({e.Message}):\n{Logs(workers)}");
                await Task.Delay(500);
            }
        }
    }

    private static async Task WaitForSilos(IGrainFactory grains, int count, List<(Process Process, int SiloPort, StringBuilder Log)> workers)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while ((await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count < count)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"the cluster has fewer than {count} active silos after 120 s:\n{Logs(workers)}");
            await Task.Delay(250);
        }
    }
}
