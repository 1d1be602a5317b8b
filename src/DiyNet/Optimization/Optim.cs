using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;
using DiyNet.Kernels;

namespace DiyNet.Optimization;

/// <summary>
/// One gradient-descent step on a batch: forward, loss, backward, update, zero — the course's <c>Optim</c>, with an
/// optional momentum (<c>v ← μ·v + ∂L/∂p; p ← p − ε·v</c>, as PyTorch's SGD), or the Adam rule
/// (<see cref="OptimizerKind.Adam"/>, as PyTorch's Adam).
/// </summary>
/// <remarks>
/// A step whose loss or gradients are not finite throws <see cref="TrainingDivergedException"/> <em>before</em>
/// touching the weights, so a diverging run never writes NaN parameters.
/// </remarks>
public sealed class Optim
{
    private readonly Tensor[]? _velocity;
    private readonly AdamRule? _adam;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="net">The network to train.</param>
    /// <param name="loss">The loss to minimize.</param>
    /// <param name="eps">The gradient step (learning rate).</param>
    /// <param name="momentum">Heavy-ball momentum in [0, 1); 0 is the plain SGD of the course.</param>
    public Optim(Module net, Loss loss, float eps = 1e-3f, float momentum = 0f)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(loss);
        if (!(eps > 0f) || !float.IsFinite(eps)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "Optim: the gradient step must be positive and finite.");
        if (momentum < 0f || momentum >= 1f) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Optim: momentum must be in [0, 1).");
        Net = net;
        Loss = loss;
        Eps = eps;
        Momentum = momentum;
        if (momentum > 0f) _velocity = net.Parameters.Select(p => new Tensor(p.Value.Shape.ToArray())).ToArray();
    }

    /// <summary>Creates the optimizer with the chosen update rule.</summary>
    /// <param name="net">The network to train.</param>
    /// <param name="loss">The loss to minimize.</param>
    /// <param name="eps">The gradient step (learning rate).</param>
    /// <param name="kind">The update rule.</param>
    /// <param name="momentum">Heavy-ball momentum of <see cref="OptimizerKind.Sgd"/> in [0, 1); must be 0 for Adam.</param>
    /// <param name="beta1">Adam's decay of the first moment, in [0, 1).</param>
    /// <param name="beta2">Adam's decay of the second moment, in [0, 1).</param>
    /// <param name="adamEpsilon">Adam's δ added to √v̂, positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is out of its range.</exception>
    public Optim(Module net, Loss loss, float eps, OptimizerKind kind, float momentum = 0f, float beta1 = 0.9f, float beta2 = 0.999f, float adamEpsilon = 1e-8f)
        : this(net, loss, eps, momentum)
    {
        Kind = kind;
        if (kind == OptimizerKind.Sgd) return;
        if (kind != OptimizerKind.Adam) throw new ArgumentOutOfRangeException(nameof(kind), kind, "Optim: unknown update rule.");
        if (momentum != 0f) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Optim: Adam has no momentum parameter (use beta1); give 0.");
        if (!(beta1 >= 0f && beta1 < 1f)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "Optim: Adam's beta1 must be in [0, 1).");
        if (!(beta2 >= 0f && beta2 < 1f)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "Optim: Adam's beta2 must be in [0, 1).");
        if (!(adamEpsilon > 0f) || !float.IsFinite(adamEpsilon)) throw new ArgumentOutOfRangeException(nameof(adamEpsilon), adamEpsilon, "Optim: Adam's epsilon must be positive and finite.");
        _adam = new AdamRule(net.Parameters, beta1, beta2, adamEpsilon);
    }

    /// <summary>The update rule.</summary>
    public OptimizerKind Kind { get; }

    /// <summary>The network.</summary>
    public Module Net { get; }

    /// <summary>The loss.</summary>
    public Loss Loss { get; }

    /// <summary>The gradient step; may be changed between steps (schedules).</summary>
    public float Eps { get; set; }

    /// <summary>The momentum coefficient.</summary>
    public float Momentum { get; }

    /// <summary>Number of steps taken.</summary>
    public long Steps { get; private set; }

    /// <summary>Trains on one batch and returns its mean loss (before the update).</summary>
    /// <exception cref="TrainingDivergedException">The loss or a gradient is NaN or infinite; the weights are unchanged.</exception>
    public float Step(Tensor batchX, Tensor batchY)
    {
        Tensor yhat = Net.Forward(batchX);
        Tensor losses = Loss.Forward(batchY, yhat);
        float mean = losses.Length == 0 ? 0f : TensorPrimitives.Sum(losses.Span) / losses.Length;
        if (!float.IsFinite(mean))
            throw new TrainingDivergedException($"Optim: the loss is {mean} at step {Steps + 1} (gradient step {Eps}); the weights were left unchanged. Lower the learning rate or scale the inputs.");
        Tensor grad = Loss.Backward(batchY, yhat);
        Net.BackwardUpdateGradient(batchX, grad);
        var parameters = Net.Parameters;
        for (int i = 0; i < parameters.Count; i++)
        {
            if (!float.IsFinite(TensorPrimitives.Sum(parameters[i].Gradient.Span)))
            {
                Net.ZeroGrad();
                throw new TrainingDivergedException($"Optim: the gradient of parameter {i} ({parameters[i]}) is not finite at step {Steps + 1}; the weights were left unchanged.");
            }
        }
        if (_adam is not null)
        {
            _adam.Update(Eps);
            Steps++;
            return mean;
        }
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (_velocity is null)
            {
                // p ← p − ε·∂p and ∂p ← 0 in one pass (the zeroing of ZeroGrad, fused).
                Elementwise.DescendAndClear(p.Value.Span, p.Gradient.Span, Eps);
            }
            else
            {
                Span<float> v = _velocity[i].Span;
                TensorPrimitives.MultiplyAdd(v, Momentum, p.Gradient.Span, v);
                TensorPrimitives.FusedMultiplyAdd(v, -Eps, p.Value.Span, p.Value.Span);
                p.Gradient.Clear();
            }
        }
        Steps++;
        return mean;
    }
}
