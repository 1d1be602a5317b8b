using DiyNet.Losses;

namespace DiyNet.Cluster;

/// <summary>The losses a run spec can name.</summary>
public static class LossNames
{
    /// <summary>A fresh loss from its class name: <c>MSELoss</c>, <c>BCELoss</c>, <c>CrossEntropyLoss</c>, <c>CELogSoftmax</c>.</summary>
    /// <exception cref="FormatException">Unknown name.</exception>
    public static Loss Create(string name) => name switch
    {
        "MSELoss" => new MSELoss(),
        "BCELoss" => new BCELoss(),
        "CrossEntropyLoss" => new CrossEntropyLoss(),
        "CELogSoftmax" => new CELogSoftmax(),
        _ => throw new FormatException($"run spec: unknown loss \"{name}\" (known: MSELoss, BCELoss, CrossEntropyLoss, CELogSoftmax)."),
    };
}
