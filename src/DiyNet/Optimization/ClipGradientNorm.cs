using DiyNet.Modules;
using System.Globalization;
using System.Numerics.Tensors;

namespace DiyNet.Optimization;

/// <summary>
/// Clipping by global norm, as <c>torch.nn.utils.clip_grad_norm_</c>: with <c>n = ‖(g₁, …, g_k)‖₂</c> over all
/// parameters, every gradient is multiplied by <c>min(1, max / (n + 10⁻⁶))</c>.
/// </summary>
public sealed class ClipGradientNorm : GradientClipping
{
    /// <summary>Creates the clipping at <paramref name="maxNorm"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The norm is not positive and finite.</exception>
    public ClipGradientNorm(float maxNorm)
    {
        if (!(maxNorm > 0f) || !float.IsFinite(maxNorm))
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "ClipGradientNorm: the maximum norm must be positive and finite.");
        MaxNorm = maxNorm;
    }

    /// <summary>The largest global norm let through.</summary>
    public float MaxNorm { get; }

    /// <summary>The global norm measured by the last <see cref="Apply"/>, before clipping.</summary>
    public float LastNorm { get; private set; }

    /// <inheritdoc />
    public override void Apply(IReadOnlyList<Parameter> parameters)
    {
        double sum = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            float n = TensorPrimitives.Norm(parameters[i].Gradient.Span);
            sum += (double)n * n;
        }
        float norm = (float)Math.Sqrt(sum);
        LastNorm = norm;
        float scale = MaxNorm / (norm + 1e-6f);
        if (scale >= 1f) return;
        for (int i = 0; i < parameters.Count; i++)
            TensorPrimitives.Multiply(parameters[i].Gradient.Span, scale, parameters[i].Gradient.Span);
    }

    /// <inheritdoc />
    public override string ToString() => $"ClipGradientNorm({MaxNorm.ToString("G6", CultureInfo.InvariantCulture)})";
}
