using DiyNet.Training;
using Orleans.Runtime.Placement;

namespace DiyNet.Cluster;

/// <summary>
/// Data-parallel workers as grains of an Orleans cluster (<see cref="IShardGrain"/>), spread one per active silo in turn
/// (<see cref="ShardPlacement"/>, as a placement hint on the call that activates each grain), so that a cluster uses
/// every machine. A call that fails because its silo died is made again: the workers are spread again over the silos
/// still active, the grain activates on a live one, builds its replica from the spec and computes the same gradients
/// from the weights the call carries.
/// </summary>
public sealed class GrainShardWorkers : IShardWorkers
{
    private readonly IShardGrain[] _grains;
    private readonly string _runSpec, _kind;
    private readonly IGrainFactory _factory;
    private SiloAddress?[]? _placement;
    private readonly Dictionary<string, long> _shardsBySilo = new(StringComparer.Ordinal);

    /// <summary>Creates <paramref name="count"/> workers for the job <paramref name="job"/>.</summary>
    /// <param name="grains">The cluster.</param>
    /// <param name="count">Number of workers (≥ 1).</param>
    /// <param name="runSpec">The run spec every worker builds its replica and data from.</param>
    /// <param name="job">A name unique to this training.</param>
    public GrainShardWorkers(IGrainFactory grains, int count, TrainSpec runSpec, string job)
        : this(grains, count, IShardSource.RunSpecKind, (runSpec ?? throw new ArgumentNullException(nameof(runSpec))).ToJson(), job)
    {
    }

    /// <summary>Creates <paramref name="count"/> workers for the job <paramref name="job"/> from a spec of any kind a silo's <see cref="IShardSource"/> reads.</summary>
    /// <param name="grains">The cluster.</param>
    /// <param name="count">Number of workers (≥ 1).</param>
    /// <param name="kind">The spec's kind (<see cref="IShardSource.Kind"/>).</param>
    /// <param name="spec">The spec every worker builds its replica and data from.</param>
    /// <param name="job">A name unique to this training.</param>
    public GrainShardWorkers(IGrainFactory grains, int count, string kind, string spec, string job)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(spec);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "GrainShardWorkers: at least one worker.");
        _runSpec = spec;
        _kind = kind;
        _factory = grains;
        _grains = [.. Enumerable.Range(0, count).Select(w => grains.GetGrain<IShardGrain>($"{job}/{w}"))];
    }

    /// <inheritdoc />
    public int Count => _grains.Length;

    /// <summary>Bytes of the run spec each call carries besides the weights and the batch.</summary>
    public int RunSpecBytes => System.Text.Encoding.UTF8.GetByteCount(_runSpec);

    /// <summary>The shards each silo (by its endpoint, address:port) has computed so far, by endpoint.</summary>
    public IReadOnlyDictionary<string, long> ShardsBySilo
    {
        get { lock (_shardsBySilo) return new SortedDictionary<string, long>(_shardsBySilo, StringComparer.Ordinal); }
    }

    /// <summary>Attempts of a call before its error is passed on.</summary>
    public int Attempts { get; init; } = 5;

    /// <inheritdoc />
    public async Task<ShardResult> ComputeAsync(int worker, ShardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new ShardCall(_runSpec, request.Step, request.Weights, request.Batch, request.ShardSize, request.Shards.First, request.Shards.End, _kind);
        var placement = _placement ??= await PlaceAsync().ConfigureAwait(false);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                // The hint only matters when the call activates the grain: the first call, and the first after its silo died.
                if (placement[worker] is { } silo) RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
                ShardAnswer a;
                try { a = await _grains[worker].Compute(call).WaitAsync(cancellationToken).ConfigureAwait(false); }
                finally { RequestContext.Remove(IPlacementDirector.PlacementHintKey); }
                lock (_shardsBySilo) _shardsBySilo[a.Silo] = _shardsBySilo.GetValueOrDefault(a.Silo) + (call.End - call.First);
                return new ShardResult([.. a.NodeFirst.Zip(a.NodeEnd, (f, e) => new ShardRange(f, e))], a.Sums, a.LossSums);
            }
            catch (Exception e) when (attempt < Attempts && e is not (OperationCanceledException or ArgumentException or FormatException))
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken).ConfigureAwait(false);
                placement = _placement = await PlaceAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The silo of each worker over the active silos (all null when the cluster does not say: Orleans then places them).</summary>
    private async Task<SiloAddress?[]> PlaceAsync()
    {
        try
        {
            var hosts = await _factory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).ConfigureAwait(false);
            return ShardPlacement.Assign(hosts.Keys, _grains.Length);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new SiloAddress?[_grains.Length];
        }
    }
}
