using System.Diagnostics;
using System.Text;
using DiyNet.Cluster;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit;

namespace DiyNet.Tests.Cluster;

/// <summary>
/// A cluster whose membership lives in its own database on the PostgreSQL server of 127.0.0.1 (started by
/// <c>.ci/run</c>), and the <c>diynet-cluster worker</c> processes a test starts in it. Disposing it kills the workers
/// and drops the database. Every wait is bounded, and generous: on a loaded 2-core machine a process start, a
/// connection or a death declaration can take many seconds.
/// </summary>
internal sealed class PostgresTestCluster : IAsyncDisposable
{
    private PostgresTestCluster(string database)
    {
        Database = database;
        Connection = new NpgsqlConnectionStringBuilder(Admin) { Database = database }.ConnectionString;
    }

    /// <summary>The server's administration connection (the role <c>.ci/run</c> creates), overridable by DIYNET_TEST_POSTGRES.</summary>
    public static string Admin => Environment.GetEnvironmentVariable("DIYNET_TEST_POSTGRES")
                                  ?? "Host=127.0.0.1;Port=5432;Username=diynet;Password=diynet;Database=postgres;Timeout=30;Command Timeout=60";

    /// <summary>The cluster's database.</summary>
    public string Database { get; }

    /// <summary>The connection string of the cluster's membership (what <c>--cluster</c> takes).</summary>
    public string Connection { get; }

    /// <summary>The cluster's name (what <c>--cluster-id</c> takes).</summary>
    public string ClusterId { get; } = $"test-{Guid.NewGuid():N}";

    /// <summary>The workers started so far.</summary>
    public List<WorkerProcess> Workers { get; } = [];

    /// <summary>Creates a database of its own on the server (fails the test, with what to do, when the server is not reachable).</summary>
    public static async Task<PostgresTestCluster> CreateAsync()
    {
        string database = $"diynet_test_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
        await using var admin = new NpgsqlConnection(Admin);
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
        return new PostgresTestCluster(database);
    }

    /// <summary>Starts <c>diynet-cluster worker --cluster … --slots 1</c> on free ports of 127.0.0.1, with DIYNET_THREADS=1.</summary>
    public WorkerProcess StartWorker()
    {
        int siloPort = ClusterHost.FreePort(), gatewayPort = ClusterHost.FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { ClusterProcess.Assembly, "worker", "--cluster", Connection, "--cluster-id", ClusterId, "--slots", "1",
                     "--silo-port", siloPort.ToString(), "--gateway-port", gatewayPort.ToString() })
            info.ArgumentList.Add(a);
        info.Environment["DIYNET_THREADS"] = "1";
        var log = new StringBuilder();
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var worker = new WorkerProcess(process, siloPort, log);
        Workers.Add(worker);
        return worker;
    }

    /// <summary>Every worker's output so far, for failure messages.</summary>
    public string Logs() => string.Join("\n", Workers);

    /// <summary>Connects a client to the cluster, retrying while no worker's gateway is up (at most 120 s).</summary>
    public async Task<IHost> ConnectClient()
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            try
            {
                return await ClusterHost.StartClientAsync(new ClusterSettings { Connection = Connection, ClusterId = ClusterId });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (Workers.Any(w => w.Process.HasExited)) Assert.Fail($"a worker exited before the cluster formed:\n{Logs()}");
                if (DateTime.UtcNow > deadline) Assert.Fail($"no gateway after 120 s ({e.Message}):\n{Logs()}");
                await Task.Delay(500);
            }
        }
    }

    /// <summary>Waits until the cluster has <paramref name="count"/> active silos (at most 120 s).</summary>
    public async Task WaitForSilos(IGrainFactory grains, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while ((await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count < count)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"the cluster has fewer than {count} active silos after 120 s:\n{Logs()}");
            await Task.Delay(250);
        }
    }

    /// <summary>Kills the workers still running and drops the database.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var w in Workers)
        {
            if (!w.Process.HasExited) w.Process.Kill();
            await w.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            w.Process.Dispose();
        }
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Admin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
