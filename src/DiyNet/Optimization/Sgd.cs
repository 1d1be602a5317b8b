using DiyNet.Kernels;
using DiyNet.Modules;
using System.Numerics.Tensors;

namespace DiyNet.Optimization;

/// <summary>
/// Plain gradient descent, the course's rule: <c>p ← p − ε·(g + λ·p)</c> (λ: optional L2 weight decay), as
/// <c>torch.optim.SGD</c> without momentum.
/// </summary>
public sealed class Sgd : UpdateRule
{
    /// <summary>Creates the rule over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">The step ε.</param>
    /// <param name="weightDecay">L2 weight decay λ ≥ 0, added to the gradient.</param>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is out of range.</exception>
    public Sgd(IReadOnlyList<Parameter> parameters, float learningRate, float weightDecay = 0f)
        : base(parameters, learningRate, weightDecay) { }

    /// <inheritdoc />
    protected override void Update(int index, int offset, Span<float> value, Span<float> gradient) =>
        FastMultiplyAdd.Spans(gradient, -LearningRate, value, value);

    /// <inheritdoc />
    public override string ToString() => $"Sgd(lr {Format(LearningRate)}{DecaySuffix})";
}
