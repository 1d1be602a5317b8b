namespace DiyNet.Tensors;

/// <summary>
/// The library's default source of randomness (initial weights, shuffling) when no <see cref="Random"/> is passed.
/// <see cref="ManualSeed"/> makes everything that draws from it reproducible, like <c>torch.manual_seed</c>.
/// </summary>
public static class Rng
{
    private static readonly Lock Gate = new();
    private static Random _shared = new(0);

    // The generator that Fork hands out as it is on this thread while a network is built from one (ModuleSpec.Build(Random)).
    [ThreadStatic]
    private static Random? _building;

    /// <summary>Reseeds the default generator.</summary>
    public static void ManualSeed(int seed)
    {
        lock (Gate) _shared = new Random(seed);
    }

    /// <summary>
    /// A new generator seeded from the default one (thread-safe); while this thread builds a network from a given
    /// generator (<c>ModuleSpec.Build(Random)</c> in DiyNet.Serialization), that generator itself.
    /// </summary>
    public static Random Fork()
    {
        if (_building is { } given) return given;
        lock (Gate) return new Random(_shared.Next());
    }

    /// <summary>
    /// Makes <see cref="Fork"/> return <paramref name="random"/> on this thread (null: fork the default generator
    /// again); returns the previous setting, to be restored.
    /// </summary>
    internal static Random? BuildFrom(Random? random)
    {
        var previous = _building;
        _building = random;
        return previous;
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static float NextGaussian(this Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    /// <summary>A uniform draw in [low, high).</summary>
    public static float NextUniform(this Random random, float low, float high) =>
        (float)(low + (high - low) * random.NextDouble());

    /// <summary>Fills <paramref name="values"/> with uniform draws in [low, high).</summary>
    public static void FillUniform(this Random random, Span<float> values, float low, float high)
    {
        for (int i = 0; i < values.Length; i++) values[i] = random.NextUniform(low, high);
    }

    /// <summary>Fills <paramref name="values"/> with normal draws of the given standard deviation.</summary>
    public static void FillGaussian(this Random random, Span<float> values, float std)
    {
        for (int i = 0; i < values.Length; i++) values[i] = std * random.NextGaussian();
    }

    /// <summary>A random permutation of 0..n-1 (Fisher–Yates), written into <paramref name="order"/>.</summary>
    public static void Permutation(this Random random, Span<int> order)
    {
        for (int i = 0; i < order.Length; i++) order[i] = i;
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
