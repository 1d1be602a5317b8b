namespace DiyNet.Cli.Training;

/// <summary>The input scaling fitted on the training data and stored as the network's first module.</summary>
internal enum ScalingKind
{
    /// <summary>Standardize CSV features; leave images (already in [0, 1]) as they are.</summary>
    Auto,

    /// <summary>(x − mean) / standard deviation, per feature.</summary>
    Standard,

    /// <summary>(x − min) / (max − min), per feature.</summary>
    MinMax,

    /// <summary>No scaling.</summary>
    None,
}
