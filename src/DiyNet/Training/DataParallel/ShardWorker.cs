using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;

namespace DiyNet.Training;

/// <summary>
/// Computes the gradients of a block of shards on a replica of the network: for each shard, forward, loss, and
/// backward of the batch-mean loss restricted to the shard (the loss's gradient of the shard mean scaled by
/// shard/batch); the shards' gradients are then summed in the <see cref="ShardPlan"/>'s tree. Not thread-safe: one
/// worker per thread (modules own their buffers).
/// </summary>
public sealed class ShardWorker
{
    private readonly Module _net;
    private readonly Loss _loss;
    private readonly Tensor _x, _y;
    private readonly int _xRow, _yRow;
    private readonly List<float[]> _scratch = [];
    private Tensor? _bx, _by;

    /// <summary>Creates a worker over its replica and its copy of the training data.</summary>
    /// <param name="net">The replica (its weights are overwritten by each request's).</param>
    /// <param name="loss">The loss.</param>
    /// <param name="x">Training inputs, first axis = examples.</param>
    /// <param name="y">Training targets, one row per row of x.</param>
    /// <exception cref="ArgumentException">x and y have different numbers of rows.</exception>
    public ShardWorker(Module net, Loss loss, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Dim(0) != y.Dim(0)) throw new ArgumentException($"ShardWorker: x has {x.Dim(0)} rows, y has {y.Dim(0)}.");
        _net = net; _loss = loss; _x = x; _y = y;
        _xRow = x.Dim(0) == 0 ? 0 : x.Length / x.Dim(0);
        _yRow = y.Dim(0) == 0 ? 0 : y.Length / y.Dim(0);
        ParameterCount = checked((int)net.ParameterCount);
    }

    /// <summary>Number of floats in the weights and in each gradient sum.</summary>
    public int ParameterCount { get; }

    /// <summary>Number of training examples held.</summary>
    public int ExampleCount => _x.Dim(0);

    /// <summary>Loads the request's weights, computes its shards' gradients and sums them in the tree.</summary>
    /// <exception cref="ArgumentException">The weights have the wrong length, or a batch index is out of range.</exception>
    public ShardResult Compute(ShardRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Weights.Length != ParameterCount)
            throw new ArgumentException($"ShardWorker: step {request.Step} sends {request.Weights.Length} weights, the replica has {ParameterCount}.");
        SetWeights(_net, request.Weights);
        var plan = new ShardPlan(request.Batch.Length, request.ShardSize);
        var nodes = plan.Cover(request.Shards);
        var lossSums = new double[request.Shards.Count];
        var sums = new float[nodes.Count][];
        for (int i = 0; i < nodes.Count; i++)
        {
            sums[i] = new float[ParameterCount];
            Sum(plan, nodes[i], request, sums[i], lossSums, 0);
        }
        return new ShardResult([.. nodes], sums, lossSums);
    }

    private void Sum(ShardPlan plan, ShardRange node, ShardRequest request, float[] destination, double[] lossSums, int depth)
    {
        if (node.IsLeaf)
        {
            lossSums[node.First - request.Shards.First] = Leaf(plan, node.First, request.Batch, destination);
            return;
        }
        while (_scratch.Count <= depth) _scratch.Add(new float[ParameterCount]);
        float[] right = _scratch[depth];
        Sum(plan, node.Left, request, destination, lossSums, depth + 1);
        Sum(plan, node.Right, request, right, lossSums, depth + 1);
        TensorPrimitives.Add(destination, right, destination);
    }

    private double Leaf(ShardPlan plan, int shard, int[] batch, float[] destination)
    {
        var (start, count) = plan.Shard(shard);
        var bx = Gather(_x, _xRow, batch, start, count, ref _bx);
        var by = Gather(_y, _yRow, batch, start, count, ref _by);
        _net.ZeroGrad();
        Tensor yhat = _net.Forward(bx);
        double lossSum = TensorPrimitives.Sum(_loss.Forward(by, yhat).Span);
        Tensor delta = _loss.Backward(by, yhat);
        TensorPrimitives.Multiply(delta.Span, (float)count / plan.BatchSize, delta.Span);
        _net.BackwardUpdateGradient(bx, delta);
        int offset = 0;
        foreach (var p in _net.Parameters)
        {
            p.Gradient.Span.CopyTo(destination.AsSpan(offset));
            offset += p.Gradient.Length;
        }
        _net.ZeroGrad();
        return lossSum;
    }

    private static Tensor Gather(Tensor source, int row, int[] batch, int start, int count, ref Tensor? buffer)
    {
        var shape = source.Shape.ToArray();
        shape[0] = count;
        var b = Tensor.Ensure(ref buffer, shape);
        ReadOnlySpan<float> src = source.Span;
        Span<float> dst = b.Span;
        for (int i = 0; i < count; i++)
        {
            int r = batch[start + i];
            if ((uint)r >= (uint)source.Dim(0)) throw new ArgumentException($"ShardWorker: batch row {r} is outside the {source.Dim(0)} training examples.");
            src.Slice(r * row, row).CopyTo(dst.Slice(i * row, row));
        }
        return b;
    }

    /// <summary>Every parameter of <paramref name="net"/>, concatenated in <see cref="Module.Parameters"/> order.</summary>
    public static float[] GetWeights(Module net)
    {
        ArgumentNullException.ThrowIfNull(net);
        var weights = new float[checked((int)net.ParameterCount)];
        int offset = 0;
        foreach (var p in net.Parameters)
        {
            p.Value.Span.CopyTo(weights.AsSpan(offset));
            offset += p.Value.Length;
        }
        return weights;
    }

    /// <summary>Overwrites the parameters of <paramref name="net"/> with <paramref name="weights"/> (as <see cref="GetWeights"/> lays them out).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void SetWeights(Module net, ReadOnlySpan<float> weights)
    {
        ArgumentNullException.ThrowIfNull(net);
        if (weights.Length != net.ParameterCount)
            throw new ArgumentException($"ShardWorker: {weights.Length} weights for a network of {net.ParameterCount} parameters.");
        int offset = 0;
        foreach (var p in net.Parameters)
        {
            weights.Slice(offset, p.Value.Length).CopyTo(p.Value.Span);
            offset += p.Value.Length;
        }
    }
}
