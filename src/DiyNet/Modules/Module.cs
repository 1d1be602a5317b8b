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

    /// <summary>Gradient descent step: <c>p ← p − gradientStep · ∂L/∂p</c> for every parameter.</summary>
    public void UpdateParameters(float gradientStep = 1e-3f)
    {
        foreach (var p in Parameters)
            TensorPrimitives.FusedMultiplyAdd(p.Gradient.Span, -gradientStep, p.Value.Span, p.Value.Span);
    }

    /// <summary>Sets every parameter gradient to zero.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.Gradient.Clear();
    }

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
