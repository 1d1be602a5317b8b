using DiyNet.Kernels;
using DiyNet.Modules;
using DiyNet.Tensors;
using System.Globalization;
using System.Numerics.Tensors;
using Tensor = DiyNet.Tensors.Tensor;

namespace DiyNet.Optimization;

/// <summary>
/// How parameters move given their gradients — the seam between <see cref="Optim"/> and the update rules
/// (<see cref="Sgd"/>, <see cref="MomentumSgd"/>, <see cref="NesterovSgd"/>, <see cref="Adam"/>, <see cref="AdamW"/>,
/// <see cref="RMSprop"/>), like <c>torch.optim.Optimizer.step</c>.
/// </summary>
/// <remarks>
/// <para><see cref="Step()"/> counts the step, adds the L2 term <c>g ← g + λ·p</c> when the rule has a (coupled)
/// weight decay λ, then lets the rule update every parameter from its gradient, in ranges of consecutive values on the
/// kernel threads. A rule may use a gradient buffer as scratch: the caller zeroes the gradients after the step
/// (<see cref="Optim.Step"/> has the rule's pass zero each range as it leaves it; otherwise <see cref="Module.ZeroGrad"/>).</para>
/// <para>The rule's state — its per-parameter buffers (momentum, moments) and <see cref="StepCount"/> — is what a
/// checkpoint keeps: <see cref="State"/> names each buffer <c>{parameter index}.{buffer}</c> (the parameter index in
/// <see cref="Module.Parameters"/> order, the buffer named as in PyTorch: <c>momentum_buffer</c>, <c>exp_avg</c>,
/// <c>exp_avg_sq</c>, <c>square_avg</c>), and <see cref="LoadState"/> restores it exactly.</para>
/// </remarks>
public abstract class UpdateRule
{
    private readonly List<(string Name, Tensor Value)> _state = [];
    private ParameterRanges? _ranges;
    private bool _zeroGradients;
    private int _firstNonFinite;

    /// <summary>Binds the rule to <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters to update (usually <see cref="Module.Parameters"/>).</param>
    /// <param name="learningRate">The step size, positive and finite.</param>
    /// <param name="weightDecay">The weight decay λ ≥ 0 (0: none).</param>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate or the weight decay is out of range.</exception>
    protected UpdateRule(IReadOnlyList<Parameter> parameters, float learningRate, float weightDecay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(weightDecay >= 0f) || !float.IsFinite(weightDecay))
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, $"{GetType().Name}: the weight decay must be ≥ 0 and finite.");
        Parameters = parameters;
        LearningRate = learningRate;
        WeightDecay = weightDecay;
    }

    /// <summary>The parameters this rule updates.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The step size (the course's ε); a schedule may change it between steps. Must be ≥ 0 and finite.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or infinite.</exception>
    public float LearningRate
    {
        get;
        set
        {
            if (!(value >= 0f) || !float.IsFinite(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, $"{GetType().Name}: the learning rate must be ≥ 0 and finite.");
            field = value;
        }
    }

    /// <summary>The weight decay λ (0: none).</summary>
    public float WeightDecay { get; }

    /// <summary>Number of steps taken (Adam's t).</summary>
    public long StepCount { get; private set; }

    /// <summary>
    /// The rule's per-parameter buffers, named <c>{parameter index}.{buffer}</c>, in a fixed order; the tensors are the
    /// live buffers (copy them to keep a snapshot). Together with <see cref="StepCount"/> they are the whole state.
    /// </summary>
    public IReadOnlyList<(string Name, Tensor Value)> State => _state;

    /// <summary>
    /// Updates every parameter from its gradient (the gradients may be used as scratch), in ranges of consecutive values
    /// run on the kernel threads (<see cref="KernelSettings.MaxThreads"/>); every rule is elementwise, so the result
    /// does not depend on the thread count.
    /// </summary>
    public void Step() => Step(zeroGradients: false);

    /// <summary>
    /// <see cref="Step()"/>, then each range of the gradients set to zero when <paramref name="zeroGradients"/>, while
    /// it is still in cache (<see cref="Optim"/> does so instead of a pass of <see cref="Module.ZeroGrad"/> of its own).
    /// </summary>
    internal unsafe void Step(bool zeroGradients)
    {
        StepCount++;
        _zeroGradients = zeroGradients;
        Ranges.Run(this, &StepRange);
    }

    /// <summary>The index of the first parameter whose gradient sums to a NaN or an infinity, or −1 when none does;
    /// read on the kernel threads.</summary>
    internal unsafe int FirstNonFiniteGradient()
    {
        _firstNonFinite = int.MaxValue;
        Ranges.Run(this, &CheckRange);
        return _firstNonFinite == int.MaxValue ? -1 : _firstNonFinite;
    }

    private ParameterRanges Ranges => _ranges ??= new ParameterRanges(Parameters, RangeFloats);

    /// <summary>Values per range of the update (tests compare ranges with whole parameters; default
    /// <see cref="ParameterRanges.DefaultRangeFloats"/>).</summary>
    internal int RangeFloats
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
            _ranges = null;
        }
    } = ParameterRanges.DefaultRangeFloats;

    private static void StepRange(object target, ParameterRanges.Range range)
    {
        var rule = (UpdateRule)target;
        Span<float> p = rule.Parameters[range.Index].Value.Span.Slice(range.Offset, range.Length);
        Span<float> g = rule.Parameters[range.Index].Gradient.Span.Slice(range.Offset, range.Length);
        if (rule.WeightDecay > 0f && !rule.DecoupledWeightDecay) FastMultiplyAdd.Spans(p, rule.WeightDecay, g, g);   // g ← g + λ·p (L2)
        rule.Update(range.Index, range.Offset, p, g);
        if (rule._zeroGradients) g.Clear();
    }

    private static void CheckRange(object target, ParameterRanges.Range range)
    {
        var rule = (UpdateRule)target;
        if (float.IsFinite(TensorPrimitives.Sum(rule.Parameters[range.Index].Gradient.Span.Slice(range.Offset, range.Length)))) return;
        int seen = Volatile.Read(ref rule._firstNonFinite);
        while (range.Index < seen)
        {
            int was = Interlocked.CompareExchange(ref rule._firstNonFinite, range.Index, seen);
            if (was == seen) break;
            seen = was;
        }
    }

    /// <summary>
    /// Restores a state saved from <see cref="State"/> and <see cref="StepCount"/>: every buffer must be present, with
    /// its shape, and no other name. The values are copied.
    /// </summary>
    /// <exception cref="ArgumentException">Names are missing or unexpected, or shapes differ; the message lists them all.</exception>
    public void LoadState(IReadOnlyList<(string Name, Tensor Value)> state, long stepCount)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (stepCount < 0) throw new ArgumentOutOfRangeException(nameof(stepCount), stepCount, $"{GetType().Name}: the step count must be ≥ 0.");
        var given = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (name, value) in state)
            if (!given.TryAdd(name, value)) problems.Add($"duplicate \"{name}\"");
        foreach (var (name, value) in _state)
        {
            if (!given.Remove(name, out var t)) problems.Add($"missing \"{name}\" {value.ShapeString}");
            else if (!t.SameShape(value)) problems.Add($"\"{name}\" has shape {t.ShapeString}, expected {value.ShapeString}");
        }
        foreach (string name in given.Keys) problems.Add($"unexpected \"{name}\"");
        if (problems.Count > 0)
            throw new ArgumentException($"{GetType().Name}: cannot load the state: {string.Join("; ", problems)}.", nameof(state));
        var byName = state.ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);
        foreach (var (name, value) in _state) byName[name].Span.CopyTo(value.Span);
        StepCount = stepCount;
    }

    /// <summary>Whether the weight decay is applied by the rule itself (AdamW) instead of as an L2 term in the gradient.</summary>
    protected virtual bool DecoupledWeightDecay => false;

    /// <summary>
    /// Updates values [<paramref name="offset"/>, <paramref name="offset"/> + <c>value.Length</c>) of parameter
    /// <paramref name="index"/> (<paramref name="value"/>) from the same values of its gradient (<paramref name="gradient"/>):
    /// the rule's buffers of that parameter are read and written at the same offset. Ranges of one step may run at
    /// the same time on different threads; each value must depend only on its own position's values.
    /// </summary>
    protected abstract void Update(int index, int offset, Span<float> value, Span<float> gradient);

    /// <summary>Creates one zero buffer per parameter, shaped like it, registered in <see cref="State"/> as <c>{i}.{name}</c>.</summary>
    protected Tensor[] AddState(string name)
    {
        var buffers = new Tensor[Parameters.Count];
        for (int i = 0; i < buffers.Length; i++)
        {
            buffers[i] = new Tensor(Parameters[i].Value.Shape.ToArray());
            _state.Add((i.ToString(CultureInfo.InvariantCulture) + "." + name, buffers[i]));
        }
        return buffers;
    }

    /// <summary>Formats a coefficient for <see cref="object.ToString"/>.</summary>
    protected static string Format(float value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>The weight decay as a <see cref="object.ToString"/> suffix (empty when 0).</summary>
    protected string DecaySuffix => WeightDecay > 0f ? $", weight decay {Format(WeightDecay)}" : "";
}
