using DiyNet.Modules;

/// <summary>The network the kill test saves: an MLP of 1.33 million parameters (5.3 MB on disk).</summary>
public static class SaveLoopNetwork
{
    /// <summary>Builds it (the initial values do not matter: every value is overwritten before a save).</summary>
    public static Sequential Create() => new(
        new Linear(784, 1024, random: new Random(1)), new ReLU(),
        new Linear(1024, 512, random: new Random(2)), new ReLU(),
        new Linear(512, 10, random: new Random(3)));
}
