using DiyNet.Modules;
using System.Globalization;
using System.Numerics.Tensors;

namespace DiyNet.Optimization;

/// <summary>Clipping by value, as <c>torch.nn.utils.clip_grad_value_</c>: every gradient entry is clamped to [−c, c].</summary>
public sealed class ClipGradientValue : GradientClipping
{
    /// <summary>Creates the clipping at <paramref name="limit"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The limit is not positive and finite.</exception>
    public ClipGradientValue(float limit)
    {
        if (!(limit > 0f) || !float.IsFinite(limit))
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "ClipGradientValue: the limit must be positive and finite.");
        Limit = limit;
    }

    /// <summary>The bound c.</summary>
    public float Limit { get; }

    /// <inheritdoc />
    public override void Apply(IReadOnlyList<Parameter> parameters)
    {
        for (int i = 0; i < parameters.Count; i++)
        {
            Span<float> g = parameters[i].Gradient.Span;
            TensorPrimitives.Min(g, Limit, g);
            TensorPrimitives.Max(g, -Limit, g);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"ClipGradientValue({Limit.ToString("G6", CultureInfo.InvariantCulture)})";
}
