using DiyNet.Modules;
using DiyNet.Tensors;

namespace DiyNet.Training;

/// <summary>
/// The bookkeeping of <see cref="EarlyStopping"/>: the best value of the monitored measure, its epoch, a copy of the
/// network's parameters and buffers at that epoch, and the count of epochs without improvement.
/// </summary>
internal sealed class BestWeights
{
    private readonly Module _net;
    private readonly EarlyStopping _rule;
    private readonly Tensor[] _saved;
    private readonly Tensor[] _live;
    private float _best;
    private int _waited;

    public BestWeights(Module net, EarlyStopping rule)
    {
        _net = net;
        _rule = rule;
        _live = [.. net.Parameters.Select(p => p.Value), .. net.NamedBuffers().Select(b => b.Value)];
        _saved = _live.Select(t => new Tensor(t.Shape.ToArray())).ToArray();
        _best = rule.Monitor == MonitoredMetric.ValidationLoss ? float.PositiveInfinity : float.NegativeInfinity;
    }

    /// <summary>The best epoch so far (1-based), or null before the first.</summary>
    public int? Epoch { get; private set; }

    /// <summary>Records an epoch; true when training should stop.</summary>
    public bool Observe(EpochRecord record)
    {
        float value = _rule.Monitor == MonitoredMetric.ValidationLoss ? record.ValidationLoss!.Value : record.ValidationAccuracy!.Value;
        bool improved = _rule.Monitor == MonitoredMetric.ValidationLoss ? _best - value > _rule.MinDelta : value - _best > _rule.MinDelta;
        if (Epoch is null || improved)
        {
            _best = value;
            Epoch = record.Epoch;
            _waited = 0;
            for (int i = 0; i < _live.Length; i++) _saved[i].CopyFrom(_live[i]);
            return false;
        }
        return ++_waited >= _rule.Patience;
    }

    /// <summary>The best value so far of the monitored measure.</summary>
    public float Best => _best;

    /// <summary>Epochs since the best one.</summary>
    public int Waited => _waited;

    /// <summary>The copies of the parameters and buffers at the best epoch, in the order of the network's parameters then buffers.</summary>
    public IReadOnlyList<Tensor> Saved => _saved;

    /// <summary>Restores the bookkeeping of a checkpoint.</summary>
    /// <exception cref="ArgumentException">The saved tensors do not match the network's.</exception>
    public void Load(float best, int waited, int? epoch, IReadOnlyList<Tensor> saved)
    {
        if (saved.Count != _saved.Length)
            throw new ArgumentException($"early stopping: the checkpoint keeps {saved.Count} best-epoch tensors, the network has {_saved.Length}.");
        for (int i = 0; i < _saved.Length; i++)
            if (!saved[i].SameShape(_saved[i]))
                throw new ArgumentException($"early stopping: best-epoch tensor {i} has shape {saved[i].ShapeString}, the network's is {_saved[i].ShapeString}.");
        for (int i = 0; i < _saved.Length; i++) _saved[i].CopyFrom(saved[i]);
        _best = best;
        _waited = waited;
        Epoch = epoch;
    }

    /// <summary>Puts the best epoch's weights back when the rule asks for it; true when it did.</summary>
    public bool RestoreIfAsked()
    {
        if (!_rule.RestoreBestWeights || Epoch is null) return false;
        for (int i = 0; i < _live.Length; i++) _live[i].CopyFrom(_saved[i]);
        return true;
    }
}
