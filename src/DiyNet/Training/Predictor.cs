using DiyNet.Modules;
using DiyNet.Serialization;
using DiyNet.Tensors;

namespace DiyNet.Training;

/// <summary>
/// Thread-safe inference over a trained network: any number of threads may call <see cref="Predict(Tensor)"/> at once.
/// A module owns the buffers of its forward pass, so one network cannot run two batches at a time; the predictor keeps
/// a pool of replicas — the same architecture (<see cref="ModuleSpec"/>) with a copy of the weights and buffers, in
/// evaluation mode — and each call borrows one for its forward pass, so calls share nothing but the pool. A replica is
/// built when every one is busy, so the pool grows to the number of concurrent callers and is then reused: a call
/// allocates nothing but its result (and nothing with the overload that writes into the caller's span).
/// </summary>
/// <remarks>
/// <para>Results are bit-identical to <see cref="Module.Forward"/> on the network in evaluation mode: a replica runs the
/// same code on the same values, and the kernels give the same bits whatever the thread count.</para>
/// <para>The weights are those of the network when the predictor was created (a snapshot); create a new predictor to
/// serve weights trained further. The network's types must be known to <see cref="ModuleCatalog"/> (every built-in
/// module is).</para>
/// </remarks>
public sealed class Predictor
{
    private readonly ModuleSpec _spec;
    private readonly Dictionary<string, Tensor> _state;
    private readonly Stack<Module> _idle = new();
    private readonly Lock _gate = new();
    private int _replicas;

    /// <summary>Takes a snapshot of <paramref name="net"/> (architecture, weights, buffers) to predict with.</summary>
    /// <exception cref="UnknownModuleTypeException">A module of the network is not registered in <see cref="ModuleCatalog"/>.</exception>
    public Predictor(Module net)
    {
        ArgumentNullException.ThrowIfNull(net);
        _spec = ModuleSpec.Of(net);
        _state = net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone(), StringComparer.Ordinal);
        _idle.Push(NewReplica());
    }

    /// <summary>The architecture predicted with.</summary>
    public ModuleSpec Architecture => _spec;

    /// <summary>Replicas built so far (at most the largest number of concurrent calls seen).</summary>
    public int Replicas => Volatile.Read(ref _replicas);

    /// <summary>The network's outputs for the rows of <paramref name="x"/>, in a new tensor.</summary>
    /// <param name="x">A batch, first axis = examples, in the shape the network takes.</param>
    /// <exception cref="NonFiniteException">A row holds a NaN or an infinity.</exception>
    /// <exception cref="SequentialException">The network refuses the input (wrong shape); the message names the module.</exception>
    public Tensor Predict(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        Module replica = Borrow(x);
        try { return replica.Forward(x).Clone(); }
        finally { Return(replica); }
    }

    /// <summary>
    /// Writes the network's outputs for the rows of <paramref name="x"/> into <paramref name="output"/> (row-major) and
    /// returns the output shape's element count; allocates nothing once the pool holds a replica per concurrent caller.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="output"/> is shorter than the outputs.</exception>
    /// <exception cref="NonFiniteException">A row holds a NaN or an infinity.</exception>
    public int Predict(Tensor x, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(x);
        Module replica = Borrow(x);
        try
        {
            var y = replica.Forward(x);
            if (output.Length < y.Length)
                throw new ArgumentException($"Predictor: the output span holds {output.Length} values, the outputs {y.ShapeString} need {y.Length}.", nameof(output));
            y.Span.CopyTo(output);
            return y.Length;
        }
        finally { Return(replica); }
    }

    private Module Borrow(Tensor x)
    {
        Finite.Require(x, "Predictor", "x", "a network has no prediction for such a row: drop or impute it.");
        lock (_gate)
        {
            if (_idle.TryPop(out var replica)) return replica;
        }
        return NewReplica();
    }

    private void Return(Module replica)
    {
        lock (_gate) _idle.Push(replica);
    }

    private Module NewReplica()
    {
        var replica = _spec.Build();
        replica.LoadStateDict(_state);
        replica.Eval();
        Interlocked.Increment(ref _replicas);
        return replica;
    }
}
