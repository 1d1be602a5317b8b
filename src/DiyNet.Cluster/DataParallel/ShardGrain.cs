using DiyNet.Training;
using Orleans.Placement;

namespace DiyNet.Cluster;

/// <summary>
/// The grain behind <see cref="IShardGrain"/>: builds its worker from the call's spec, with the silo's
/// <see cref="IShardSource"/> of that kind (a run spec needs none). Placed on the silo the caller's placement hint names
/// (<see cref="ShardPlacement"/>), on a random silo otherwise.
/// </summary>
[RandomPlacement]
internal sealed class ShardGrain(IEnumerable<IShardSource> sources, ILocalSiloDetails silo) : Grain, IShardGrain
{
    private string? _spec, _kind;
    private ShardWorker? _worker;

    public Task<ShardAnswer> Compute(ShardCall call)
    {
        if (_worker is null || _spec != call.RunSpec || _kind != call.Kind)
        {
            _worker = Create(call.Kind, call.RunSpec);
            _spec = call.RunSpec;
            _kind = call.Kind;
        }
        var result = _worker.Compute(new ShardRequest(call.Step, call.Weights, call.Batch, call.ShardSize, new ShardRange(call.First, call.End)));
        return Task.FromResult(new ShardAnswer([.. result.Nodes.Select(n => n.First)], [.. result.Nodes.Select(n => n.End)], result.Sums, result.LossSums,
            silo.SiloAddress.Endpoint.ToString()));
    }

    private ShardWorker Create(string kind, string spec)
    {
        if (sources.FirstOrDefault(s => s.Kind == kind) is { } source) return source.Create(spec);
        if (kind != IShardSource.RunSpecKind)
            throw new ArgumentException($"ShardGrain: this silo cannot read a spec of kind \"{kind}\" (it knows {string.Join(", ", sources.Select(s => s.Kind).Prepend(IShardSource.RunSpecKind))}); " +
                                        "run the workers with diynet-cluster of the same version.");
        var run = TrainSpec.FromJson(spec);
        var (x, y) = TrialRunner.TrainingPart(run);
        return new ShardWorker(run.BuildModel(new Random(0)), run.BuildLoss(), x, y);
    }
}
