using DiyNet.Training;

namespace DiyNet.Cluster;

/// <summary>The grain behind <see cref="IShardGrain"/>.</summary>
internal sealed class ShardGrain : Grain, IShardGrain
{
    private string? _spec;
    private ShardWorker? _worker;

    public Task<ShardAnswer> Compute(ShardCall call)
    {
        if (_worker is null || _spec != call.RunSpec)
        {
            var spec = TrainSpec.FromJson(call.RunSpec);
            var (x, y) = TrialRunner.TrainingPart(spec);
            _worker = new ShardWorker(spec.BuildModel(new Random(0)), spec.BuildLoss(), x, y);
            _spec = call.RunSpec;
        }
        var result = _worker.Compute(new ShardRequest(call.Step, call.Weights, call.Batch, call.ShardSize, new ShardRange(call.First, call.End)));
        return Task.FromResult(new ShardAnswer([.. result.Nodes.Select(n => n.First)], [.. result.Nodes.Select(n => n.End)], result.Sums, result.LossSums));
    }
}
