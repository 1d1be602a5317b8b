using DiyNet.Kernels;
using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;

namespace DiyNet.Modules;

/// <summary>
/// A layer of a network with an explicit forward and backward pass, in the style of Lua Torch <c>nn.Module</c>.
/// </summary>
/// <remarks>
/// <para><see cref="Forward"/> overwrites and returns the module's output buffer: the tensor returned is owned by the
/// module and is overwritten by the next call (use <see cref="Tensor.Clone"/> to keep it).</para>
/// <para><see cref="BackwardDelta"/> overwrites and returns the gradient with respect to the input;
/// <see cref="BackwardUpdateGradient"/> always <em>adds</em> into the parameter gradients; only <see cref="ZeroGrad"/>
/// zeroes them. Both backward methods take the input of the last <see cref="Forward"/> call — the same tensor object,
/// unchanged — and refuse any other tensor (<see cref="BackwardInputException"/>): the module differentiates at the
/// point its last forward pass saw, so a backward pass on another batch would be silently wrong.</para>
/// <para>A module instance holds the state of one position in a network, so one instance may appear only once in a
/// container tree: containers refuse a repeated instance at construction (<see cref="RequireDistinctModules"/>).</para>
/// </remarks>
public abstract class Module
{
    private IReadOnlyList<Parameter>? _allParameters;
    private readonly List<Parameter> _own = [];
    private readonly List<(string Name, Tensor Value)> _buffers = [];
    private Tensor? _forwardInput;
    private int _forwardLength;

    /// <summary>Computes the output for a batch of inputs.</summary>
    /// <exception cref="ShapeException">The input does not have the shape this module expects.</exception>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Accumulates (+=) the gradient of the loss with respect to this module's parameters.</summary>
    /// <param name="input">The input of the last forward pass.</param>
    /// <param name="delta">The gradient of the loss with respect to this module's output.</param>
    public abstract void BackwardUpdateGradient(Tensor input, Tensor delta);

    /// <summary>Returns the gradient of the loss with respect to the input (a buffer owned by the module).</summary>
    /// <param name="input">The input of the last forward pass.</param>
    /// <param name="delta">The gradient of the loss with respect to this module's output.</param>
    public abstract Tensor BackwardDelta(Tensor input, Tensor delta);

    /// <summary>
    /// Both backward steps: accumulates the parameter gradients, then returns the gradient with respect to the input.
    /// </summary>
    public virtual Tensor Backward(Tensor input, Tensor delta)
    {
        BackwardUpdateGradient(input, delta);
        return BackwardDelta(input, delta);
    }

    /// <summary>The course's gradient descent step: <c>p ← p − learningRate · ∂L/∂p</c> for every parameter.</summary>
    public void UpdateParameters(float learningRate = 1e-3f)
    {
        var parameters = Parameters;
        for (int i = 0; i < parameters.Count; i++)
            FastMultiplyAdd.Spans(parameters[i].Gradient.Span, -learningRate, parameters[i].Value.Span, parameters[i].Value.Span);
    }

    /// <summary>Sets every parameter gradient to zero.</summary>
    public void ZeroGrad()
    {
        var parameters = Parameters;
        for (int i = 0; i < parameters.Count; i++) parameters[i].Gradient.Clear();
    }

    /// <summary>
    /// Whether the module is in training mode (the default) or evaluation mode: <c>Dropout</c> drops only in
    /// training, batch normalization uses the batch's statistics in training and its running statistics in evaluation.
    /// </summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Puts this module and all its children in training mode (<paramref name="training"/> false: evaluation mode).</summary>
    public void Train(bool training = true)
    {
        IsTraining = training;
        var children = Children;
        for (int i = 0; i < children.Count; i++) children[i].Train(training);
    }

    /// <summary>Puts this module and all its children in evaluation mode, as <c>Train(false)</c>.</summary>
    public void Eval() => Train(false);

    /// <summary>
    /// Opens (<paramref name="open"/> true) or closes a run of forward passes in evaluation mode over parameters that
    /// do not change until it is closed, for this module and its children: while it is open a layer may reuse work
    /// that depends only on its parameters (a <see cref="Linear"/> packs its weights for the matrix multiply once
    /// instead of at every product). The evaluator of the training layer opens one around a prediction over many
    /// batches; whoever opens one must close it before the parameters change.
    /// </summary>
    internal void SetInferenceScope(bool open)
    {
        OnInferenceScope(open);
        var children = Children;
        for (int i = 0; i < children.Count; i++) children[i].SetInferenceScope(open);
    }

    /// <summary>What this module does as an inference scope opens or closes (<see cref="SetInferenceScope"/>); nothing by default.</summary>
    private protected virtual void OnInferenceScope(bool open)
    {
    }

    /// <summary>
    /// The non-trainable state of this module and of its children (batch normalization's running statistics), with
    /// dotted names as in a PyTorch <c>state_dict</c> (<c>1.running_mean</c>, <c>encoder.0.running_var</c>): the
    /// live tensors, in order.
    /// </summary>
    public IReadOnlyList<(string Name, Tensor Value)> NamedBuffers()
    {
        var all = new List<(string, Tensor)>(_buffers);
        var children = Children;
        for (int i = 0; i < children.Count; i++)
            foreach (var (name, value) in children[i].NamedBuffers())
                all.Add((ChildName(i) + "." + name, value));
        return all;
    }

    /// <summary>
    /// The module's own random stream (dropout's masks), or null for a module that draws nothing while it trains.
    /// Checkpoints save its position so that a resumed run draws what the uninterrupted one draws.
    /// </summary>
    public virtual CounterRandom? RandomStream => null;

    /// <summary>The random streams of this module and of its children, with dotted names as in <see cref="NamedBuffers"/> (a module's own is named by its path alone).</summary>
    public IReadOnlyList<(string Name, CounterRandom Stream)> NamedRandomStreams()
    {
        var all = new List<(string, CounterRandom)>();
        if (RandomStream is { } own) all.Add(("", own));
        var children = Children;
        for (int i = 0; i < children.Count; i++)
            foreach (var (name, stream) in children[i].NamedRandomStreams())
                all.Add((name.Length == 0 ? ChildName(i) : ChildName(i) + "." + name, stream));
        return all;
    }

    /// <summary>The name of child <paramref name="index"/> in dotted paths: its index, unless a container names it (AutoEncoder: <c>encoder</c>, <c>decoder</c>).</summary>
    public virtual string ChildName(int index) => index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The (value, gradient) pairs of this module and of its children, in order.</summary>
    public IReadOnlyList<Parameter> Parameters => _allParameters ??= CollectParameters();

    /// <summary>The sub-modules of a container; empty for a plain layer.</summary>
    public virtual IReadOnlyList<Module> Children => [];

    /// <summary>Total number of trainable scalars.</summary>
    public long ParameterCount => Parameters.Sum(p => (long)p.Value.Length);

    /// <summary>
    /// Every parameter with its dotted path through the containers, in the order of <see cref="Parameters"/>, as the
    /// keys of a PyTorch <c>state_dict</c>: <c>weight</c>, <c>0.weight</c>, <c>encoder.2.bias</c>.
    /// </summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> NamedParameters()
    {
        var all = new List<(string, Parameter)>(_own.Count);
        foreach (var p in _own) all.Add((p.Name, p));
        var children = Children;
        for (int i = 0; i < children.Count; i++)
            foreach (var (name, p) in children[i].NamedParameters())
                all.Add((ChildName(i) + "." + name, p));
        return all;
    }

    /// <summary>
    /// The state of the network by name: every parameter value then every buffer, keyed by dotted path. The tensors
    /// are the module's own (no copy): clone them to keep a snapshot.
    /// </summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, p) in NamedParameters()) state.Add(name, p.Value);
        foreach (var (name, b) in NamedBuffers()) state.Add(name, b);
        return state;
    }

    /// <summary>
    /// Copies the tensors of <paramref name="state"/> into the parameters and buffers of the same names. Everything is
    /// checked before anything is written, so a failed load leaves the network untouched.
    /// </summary>
    /// <param name="state">Tensors by dotted path, as <see cref="StateDict"/> gives them.</param>
    /// <param name="strict">When true, a key of the network missing from <paramref name="state"/> or a key of
    /// <paramref name="state"/> that the network lacks is an error; shape mismatches always are.</param>
    /// <returns>The keys of the network that were not in <paramref name="state"/> (empty when strict).</returns>
    /// <exception cref="StateDictException">Missing or unexpected keys (strict) or shape mismatches, all listed in
    /// one message.</exception>
    public IReadOnlyList<string> LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var own = StateDict();
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
        var mismatched = own.Where(kv => state.TryGetValue(kv.Key, out var t) && !t.SameShape(kv.Value))
            .Select(kv => $"{kv.Key}: expected {kv.Value.ShapeString}, got {state[kv.Key].ShapeString}").ToList();
        if (mismatched.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
            throw new StateDictException(GetType().Name, strict ? missing : [], strict ? unexpected : [], mismatched);
        foreach (var (name, tensor) in own)
            if (state.TryGetValue(name, out var source)) tensor.CopyFrom(source);
        return missing;
    }

    /// <summary>Registers a parameter of this module (called from constructors).</summary>
    protected Parameter AddParameter(string name, Tensor value)
    {
        var p = new Parameter(name, value);
        _own.Add(p);
        _allParameters = null;
        return p;
    }

    /// <summary>Registers a non-trainable state tensor of this module (called from constructors); it is saved with the weights.</summary>
    protected Tensor AddBuffer(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _buffers.Add((name, value));
        return value;
    }

    private List<Parameter> CollectParameters()
    {
        var all = new List<Parameter>(_own);
        foreach (var child in Children) all.AddRange(child.Parameters);
        return all;
    }

    /// <summary>
    /// Records the input of a forward pass, for <see cref="RequireForwardInput"/>. Every module calls it first thing in
    /// <see cref="Forward"/> (and a container that runs a child's forward pass fused into another's calls it for it).
    /// </summary>
    protected internal void RememberInput(Tensor input)
    {
        _forwardInput = input;
        _forwardLength = input.Length;
    }

    /// <summary>
    /// Throws a <see cref="BackwardInputException"/> naming this module when <paramref name="input"/> is not the tensor
    /// given to the last <see cref="Forward"/> (or has been resized since). Every module calls it first thing in
    /// <see cref="BackwardDelta"/> and <see cref="BackwardUpdateGradient"/>; it costs a reference comparison.
    /// </summary>
    protected void RequireForwardInput(Tensor input)
    {
        if (!ReferenceEquals(input, _forwardInput) || input.Length != _forwardLength) throw BackwardInputException.For(this, input, _forwardInput);
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> when one module instance appears twice among the descendants of this
    /// container, naming both positions (dotted paths such as <c>0</c> and <c>2.1</c>). Containers call it from their
    /// constructor: a repeated instance would overwrite the state its first position needs for the backward pass
    /// (wrong gradients), and its parameters would be counted and stepped twice.
    /// </summary>
    protected void RequireDistinctModules()
    {
        var seen = new Dictionary<Module, string>(ReferenceEqualityComparer.Instance);
        Visit(this, "");

        void Visit(Module module, string path)
        {
            var children = module.Children;
            for (int i = 0; i < children.Count; i++)
            {
                string childPath = path.Length == 0 ? module.ChildName(i) : path + "." + module.ChildName(i);
                Module child = children[i];
                if (!seen.TryAdd(child, childPath))
                    throw new ArgumentException(
                        $"{GetType().Name}: module {childPath} {child} is the same instance as module {seen[child]}; "
                        + "a module keeps the state of one position (its last input, its gradients), so give each position "
                        + $"its own instance (new {child.GetType().Name}(…)).");
                Visit(child, childPath);
            }
        }
    }

    /// <summary>Throws a <see cref="ShapeException"/> naming this module when <paramref name="condition"/> is false.</summary>
    protected void Require(bool condition, string what, string expected, Tensor actual)
    {
        if (!condition) throw new ShapeException(this, what, expected, actual.ShapeString);
    }
}
