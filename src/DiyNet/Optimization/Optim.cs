using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using System.Numerics.Tensors;
using Tensor = DiyNet.Tensors.Tensor;

namespace DiyNet.Optimization;

/// <summary>
/// One training step on a batch — the course's <c>Optim</c>: forward, loss, finiteness check, backward, update
/// by an <see cref="UpdateRule"/> (plain <see cref="Sgd"/> unless another is given), and the gradients zeroed.
/// </summary>
/// <remarks>
/// A step whose loss or gradients are not finite throws <see cref="TrainingDivergedException"/> <em>before</em>
/// touching the weights, so a diverging run never writes NaN parameters. Whatever happens, the step ends with the
/// gradients at zero: zeroed range by range by the rule's pass when the update is made, by <see cref="Module.ZeroGrad"/>
/// when it is not.
/// </remarks>
public sealed class Optim
{
    /// <summary>Creates the course's optimizer: plain gradient descent with step <paramref name="learningRate"/> (the course's eps).</summary>
    /// <param name="net">The network to train.</param>
    /// <param name="loss">The loss to minimize.</param>
    /// <param name="learningRate">The gradient step, positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate is not positive and finite.</exception>
    public Optim(Module net, Loss loss, float learningRate = 1e-3f)
        : this(net, loss, learningRate, static (p, lr) => new Sgd(p, lr)) { }

    /// <summary>Creates the optimizer with the rule that <paramref name="rule"/> builds over the network's parameters.</summary>
    /// <param name="net">The network to train.</param>
    /// <param name="loss">The loss to minimize.</param>
    /// <param name="learningRate">The initial step size, positive and finite.</param>
    /// <param name="rule">The update rule's factory, e.g. <see cref="UpdateRules.Adam"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate is not positive and finite.</exception>
    public Optim(Module net, Loss loss, float learningRate, UpdateRuleFactory rule)
        : this(net, loss, Build(net, learningRate, rule)) { }

    /// <summary>Creates the optimizer over an update rule bound to <paramref name="net"/>'s parameters.</summary>
    /// <exception cref="ArgumentException">The rule does not update exactly the network's parameters.</exception>
    public Optim(Module net, Loss loss, UpdateRule rule)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(rule);
        var parameters = net.Parameters;
        if (rule.Parameters.Count != parameters.Count || parameters.Where((p, i) => !ReferenceEquals(p, rule.Parameters[i])).Any())
            throw new ArgumentException($"Optim: the rule {rule} updates {rule.Parameters.Count} parameters that are not the network's {parameters.Count}.", nameof(rule));
        Net = net;
        Loss = loss;
        Rule = rule;
    }

    private static UpdateRule Build(Module net, float learningRate, UpdateRuleFactory rule)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(rule);
        if (!(learningRate > 0f) || !float.IsFinite(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "Optim: the learning rate must be positive and finite.");
        return rule(net.Parameters, learningRate);
    }

    /// <summary>The network.</summary>
    public Module Net { get; }

    /// <summary>The loss.</summary>
    public Loss Loss { get; }

    /// <summary>The update rule (its state is what a checkpoint keeps).</summary>
    public UpdateRule Rule { get; }

    /// <summary>The step size of <see cref="Rule"/>; may be changed between steps (schedules).</summary>
    public float LearningRate
    {
        get => Rule.LearningRate;
        set => Rule.LearningRate = value;
    }

    /// <summary>Optional gradient clipping, applied between the backward pass and the update (null: none).</summary>
    public GradientClipping? Clipping { get; set; }

    // Words the error of a non-finite loss after its cause: the data, the loss's misuse, or else the step size.
    private Exception NonFiniteLoss(float mean, Tensor batchX, Tensor batchY, Tensor yhat)
    {
        const string DataAdvice = "the data must be finite: drop or impute those rows (the weights were left unchanged).";
        if (!Finite.All(batchX.Span)) return Finite.Describe(batchX, $"Optim: step {Steps + 1}", "the batch x", DataAdvice);
        if (!Finite.All(batchY.Span)) return Finite.Describe(batchY, $"Optim: step {Steps + 1}", "the batch y", DataAdvice);
        string where = $"Optim: the loss is {mean} at step {Steps + 1}";
        if (Finite.All(yhat.Span) && Loss.ExplainNonFinite(batchY, yhat) is string misuse)
            return new TrainingDivergedException($"{where}: {misuse} The weights were left unchanged.");
        return new TrainingDivergedException($"{where} (learning rate {LearningRate}); the weights were left unchanged. Lower the learning rate or scale the inputs.");
    }

    /// <summary>Number of steps taken.</summary>
    public long Steps => Rule.StepCount;

    /// <summary>Trains on one batch and returns its mean loss (before the update).</summary>
    /// <exception cref="TrainingDivergedException">
    /// The loss or a gradient is NaN or infinite; the weights are unchanged. The message says why when it can tell:
    /// a loss on probabilities given raw scores, or else a step too large for the data.
    /// </exception>
    /// <exception cref="NonFiniteException">The loss is not finite because the batch holds a NaN or an infinity.</exception>
    public float Step(Tensor batchX, Tensor batchY)
    {
        Tensor yhat = Net.Forward(batchX);
        Tensor losses = Loss.Forward(batchY, yhat);
        float mean = losses.Length == 0 ? 0f : TensorPrimitives.Sum(losses.Span) / losses.Length;
        if (!float.IsFinite(mean)) throw NonFiniteLoss(mean, batchX, batchY, yhat);
        try
        {
            Tensor grad = Loss.Backward(batchY, yhat);
            Net.BackwardUpdateGradient(batchX, grad);
        }
        catch
        {
            Net.ZeroGrad();
            throw;
        }
        Update();
        return mean;
    }

    /// <summary>
    /// The second half of <see cref="Step"/>: checks the gradients accumulated in the network's parameters, clips
    /// them, applies the rule and zeroes them. For gradients computed elsewhere: data-parallel training sums the
    /// gradients of batch shards and writes them into the parameters.
    /// </summary>
    /// <exception cref="TrainingDivergedException">A gradient is NaN or infinite; the weights are unchanged and the gradients zeroed.</exception>
    public void Update()
    {
        bool zeroed = false;
        try
        {
            var parameters = Net.Parameters;
            int bad = Rule.FirstNonFiniteGradient();   // the rule's parameters are the network's (see the constructor)
            if (bad >= 0)
                throw new TrainingDivergedException($"Optim: the gradient of parameter {bad} ({parameters[bad]}) is not finite at step {Steps + 1}; the weights were left unchanged.");
            Clipping?.Apply(parameters);
            // Each range of the gradients is zeroed by the rule's pass as soon as it is used, while in cache.
            Rule.Step(zeroGradients: true);
            zeroed = true;
        }
        finally
        {
            if (!zeroed) Net.ZeroGrad();
        }
    }
}
