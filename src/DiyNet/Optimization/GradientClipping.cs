using DiyNet.Modules;

namespace DiyNet.Optimization;

/// <summary>
/// Rescales or clamps the accumulated gradients before an update (<see cref="Optim.Clipping"/>):
/// <see cref="ClipGradientNorm"/> or <see cref="ClipGradientValue"/>.
/// </summary>
public abstract class GradientClipping
{
    /// <summary>Clips the gradients of <paramref name="parameters"/> in place.</summary>
    public abstract void Apply(IReadOnlyList<Parameter> parameters);
}
