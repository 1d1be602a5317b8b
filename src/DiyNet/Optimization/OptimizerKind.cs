using DiyNet.Training;

namespace DiyNet.Optimization;

/// <summary>The update rule of <see cref="Optim"/>.</summary>
public enum OptimizerKind
{
    /// <summary>Gradient descent, with optional heavy-ball momentum: <c>v ← μ·v + ∂L/∂p; p ← p − ε·v</c>.</summary>
    Sgd,

    /// <summary>
    /// Adam (Kingma &amp; Ba, 2015), as PyTorch's <c>torch.optim.Adam</c>:
    /// <c>m ← β₁·m + (1−β₁)·g; v ← β₂·v + (1−β₂)·g²; p ← p − ε·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + δ)</c>.
    /// </summary>
    Adam,
}
