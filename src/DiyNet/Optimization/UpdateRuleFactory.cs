using DiyNet.Modules;

namespace DiyNet.Optimization;

/// <summary>
/// Builds an <see cref="UpdateRule"/> over a network's parameters at a learning rate: how training options name a
/// rule before the network exists (see <see cref="UpdateRules"/>).
/// </summary>
public delegate UpdateRule UpdateRuleFactory(IReadOnlyList<Parameter> parameters, float learningRate);
