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
/// zeroes them. Both backward methods expect the input of the last <see cref="Forward"/> call.</para>
/// </remarks>
public abstract class Module
{
    private IReadOnlyList<Parameter>? _allParameters;
    private readonly List<Parameter> _own = [];
    private readonly List<(string Name, Tensor Value)> _buffers = [];

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
            TensorPrimitives.FusedMultiplyAdd(parameters[i].Gradient.Span, -learningRate, parameters[i].Value.Span, parameters[i].Value.Span);
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

    /// <summary>The name of child <paramref name="index"/> in dotted paths: its index, unless a container names it (AutoEncoder: <c>encoder</c>, <c>decoder</c>).</summary>
    public virtual string ChildName(int index) => index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The (value, gradient) pairs of this module and of its children, in order.</summary>
    public IReadOnlyList<Parameter> Parameters => _allParameters ??= CollectParameters();

    /// <summary>The sub-modules of a container; empty for a plain layer.</summary>
    public virtual IReadOnlyList<Module> Children => [];

    /// <summary>Total number of trainable scalars.</summary>
    public long ParameterCount => Parameters.Sum(p => (long)p.Value.Length);

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

    /// <summary>Throws a <see cref="ShapeException"/> naming this module when <paramref name="condition"/> is false.</summary>
    protected void Require(bool condition, string what, string expected, Tensor actual)
    {
        if (!condition) throw new ShapeException(this, what, expected, actual.ShapeString);
    }
}
