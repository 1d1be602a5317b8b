using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;

namespace DiyNet.Training;

/// <summary>Data-parallel workers in this process: one replica per worker, each computed on its own thread.</summary>
public sealed class LocalShardWorkers : IShardWorkers
{
    private readonly ShardWorker[] _workers;

    /// <summary>Creates <paramref name="count"/> workers, each with a fresh replica (its weights come with every request).</summary>
    /// <param name="count">Number of workers (≥ 1).</param>
    /// <param name="replica">Builds a network of the trained architecture.</param>
    /// <param name="loss">Builds the loss.</param>
    /// <param name="x">Training inputs (shared, read only).</param>
    /// <param name="y">Training targets (shared, read only).</param>
    /// <exception cref="ArgumentOutOfRangeException">count is below 1.</exception>
    public LocalShardWorkers(int count, Func<Module> replica, Func<Loss> loss, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(replica);
        ArgumentNullException.ThrowIfNull(loss);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "LocalShardWorkers: at least one worker.");
        _workers = [.. Enumerable.Range(0, count).Select(_ => new ShardWorker(replica(), loss(), x, y))];
    }

    /// <inheritdoc />
    public int Count => _workers.Length;

    /// <inheritdoc />
    public Task<ShardResult> ComputeAsync(int worker, ShardRequest request, CancellationToken cancellationToken = default)
    {
        if ((uint)worker >= (uint)_workers.Length) throw new ArgumentOutOfRangeException(nameof(worker), worker, $"LocalShardWorkers: worker must be in 0..{_workers.Length - 1}.");
        if (_workers.Length == 1) return Task.FromResult(_workers[0].Compute(request));
        return Task.Run(() => _workers[worker].Compute(request), cancellationToken);
    }
}
