using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet;

namespace DiyNet.Tests.Verification;

/// <summary>One parameter of a module fixture, in DiyNet's layout: its value and its gradient for the fixture's delta.</summary>
/// <param name="Name">PyTorch's qualified name (<c>weight</c>, <c>2.bias</c>); the part after the last dot is DiyNet's <see cref="Parameter.Name"/>.</param>
internal sealed record FixtureParameter(string Name, Tensor Value, Tensor Gradient)
{
    /// <summary>The name DiyNet gives this parameter.</summary>
    public string LocalName => Name[(Name.LastIndexOf('.') + 1)..];
}
