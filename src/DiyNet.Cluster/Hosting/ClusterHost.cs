using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using System.Data.Common;
using System.Net;
using System.Net.Sockets;

namespace DiyNet.Cluster;

/// <summary>
/// Starts the Orleans side of a process: a silo (it trains trials in its <see cref="TrialSlots"/>) or a client (it only
/// drives), either embedded on 127.0.0.1 with in-memory membership, or joining a cluster whose membership lives in
/// PostgreSQL (Orleans' ADO.NET clustering with Npgsql; the schema is applied when missing).
/// </summary>
public static class ClusterHost
{
    /// <summary>Starts a silo. Dispose the host (after <c>StopAsync</c>) to leave the cluster.</summary>
    /// <exception cref="IOException">The cluster's database cannot be reached (the message names it, not the password).</exception>
    /// <exception cref="ArgumentException">A connection string that is not PostgreSQL's.</exception>
    /// <param name="settings">Membership, address, ports, slots.</param>
    /// <param name="logLevel">Orleans' console log level.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <param name="shardSources">The kinds of data-parallel spec this silo's worker grains read besides run specs (<see cref="IShardSource"/>).</param>
    public static async Task<IHost> StartSiloAsync(ClusterSettings settings, LogLevel logLevel = LogLevel.Warning, CancellationToken cancellationToken = default,
        IEnumerable<IShardSource>? shardSources = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Connection is not null) await PrepareAsync(settings, cancellationToken).ConfigureAwait(false);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(logLevel);
        builder.Services.AddSingleton(new TrialSlots(settings.Slots));
        foreach (var source in shardSources ?? []) builder.Services.AddSingleton(source);
        builder.UseOrleans(silo =>
        {
            int siloPort = settings.SiloPort > 0 ? settings.SiloPort : FreePort(), gatewayPort = settings.GatewayPort > 0 ? settings.GatewayPort : FreePort();
            if (settings.Connection is null)
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: settings.ClusterId, clusterId: settings.ClusterId);
            }
            else
            {
                silo.UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = settings.Connection; });
                silo.Configure<ClusterOptions>(o => { o.ClusterId = settings.ClusterId; o.ServiceId = settings.ClusterId; });
                silo.ConfigureEndpoints(settings.Address, siloPort, gatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(settings.Address));
            }
            ConfigureMembership(silo.Services, settings.FailureDetection);
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        });
        return await StartAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Connects a client (no trials run here) to the cluster of <paramref name="settings"/>.</summary>
    /// <exception cref="ArgumentException">No connection string (an embedded cluster has no one to connect to), or one that is not PostgreSQL's.</exception>
    /// <exception cref="IOException">The cluster's database cannot be reached (the message names it, not the password).</exception>
    /// <param name="settings">The cluster.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <param name="logLevel">Orleans' console log level.</param>
    public static async Task<IHost> StartClientAsync(ClusterSettings settings, CancellationToken cancellationToken = default, LogLevel logLevel = LogLevel.Warning)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Connection is null) throw new ArgumentException("ClusterHost: a client needs the cluster's PostgreSQL connection string.", nameof(settings));
        await PrepareAsync(settings, cancellationToken).ConfigureAwait(false);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(logLevel);
        builder.UseOrleansClient(client =>
        {
            client.UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = settings.Connection; });
            client.Configure<ClusterOptions>(o => { o.ClusterId = settings.ClusterId; o.ServiceId = settings.ClusterId; });
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
        });
        return await StartAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Connects a client to the cluster of <paramref name="settings"/>, waiting up to <paramref name="wait"/> for a silo
    /// (a gateway) to be in it: what a process that only drives needs when its workers may still be starting.
    /// </summary>
    /// <param name="settings">The cluster (with a connection string).</param>
    /// <param name="wait">How long to wait for a silo.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <exception cref="IOException">The database cannot be reached, or no silo answered within <paramref name="wait"/>; the message names the
    /// cluster and its database (<see cref="ClusterSettings.Describe"/>), never the password.</exception>
    /// <exception cref="ArgumentException">No connection string, or one that is not PostgreSQL's.</exception>
    public static async Task<IHost> ConnectClientAsync(ClusterSettings settings, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Connection is null) throw new ArgumentException("ClusterHost: a client needs the cluster's PostgreSQL connection string.", nameof(settings));
        await PrepareAsync(settings, cancellationToken).ConfigureAwait(false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            Exception last;
            try
            {
                var left = wait - clock.Elapsed;
                // Errors only: while no silo is up, the client warns about the missing gateway at every attempt.
                return await StartClientAsync(settings, cancellationToken, LogLevel.Error).WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                last = e;
            }
            if (clock.Elapsed >= wait)
                throw new IOException($"no silo is in {settings.Describe()} after {wait.TotalSeconds:0.#} s: start the workers first " +
                                      $"(`diynet worker --cluster CONNECTION --cluster-id {settings.ClusterId}` on each machine)" +
                                      (last is TimeoutException ? "." : $"; the last attempt said: {last.Message}"), last);
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Fast failure detection for sweeps on a few machines: a silo is probed every second, declared dead after missing
    /// probes for about <paramref name="detection"/>, on one vote when the cluster is small.
    /// </summary>
    public static void ConfigureMembership(IServiceCollection services, TimeSpan detection)
    {
        services.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = Math.Max(2, (int)Math.Round(detection.TotalSeconds / 2));
            o.NumVotesForDeathDeclaration = 1;
            o.NumProbedSilos = 2;
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        });
    }

    /// <summary>Starts <paramref name="host"/>; disposes it when it fails to start (no gateway yet, database unreachable).</summary>
    private static async Task<IHost> StartAsync(IHost host, CancellationToken cancellationToken)
    {
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Registers Npgsql for Orleans' ADO.NET clustering and applies the membership schema where it is missing.</summary>
    /// <exception cref="ArgumentException">The connection string is not PostgreSQL's.</exception>
    /// <exception cref="IOException">The database cannot be reached (the message names the cluster and its database, not the password).</exception>
    private static async Task PrepareAsync(ClusterSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(settings.Connection);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--cluster: not a PostgreSQL connection string ({e.Message}); expected e.g. \"Host=10.0.0.5;Username=diynet;Password=...;Database=diynet\".", e);
        }
        DbProviderFactories.RegisterFactory("Npgsql", NpgsqlFactory.Instance);
        try
        {
            await PostgresSchema.EnsureAsync(settings.Connection!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            throw new IOException($"cannot reach the database of {settings.Describe()}: {e.Message}", e);
        }
    }

    /// <summary>A TCP port free on 127.0.0.1 now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
