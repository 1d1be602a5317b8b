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

    /// <summary>Puts the best epoch's weights back when the rule asks for it; true when it did.</summary>
    public bool RestoreIfAsked()
    {
        if (!_rule.RestoreBestWeights || Epoch is null) return false;
        for (int i = 0; i < _live.Length; i++) _live[i].CopyFrom(_saved[i]);
        return true;
    }
}
