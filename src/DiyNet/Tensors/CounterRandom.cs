namespace DiyNet.Tensors;

/// <summary>
/// A random stream whose i-th draw is a fixed function of (seed, i) — SplitMix64's output mix of
/// <c>seed + i·γ</c>, γ = 0x9E3779B97F4A7C15 — so that its whole state is two numbers, <see cref="Seed"/> and
/// <see cref="Position"/>, which a checkpoint saves and restores exactly (the state of a <see cref="Random"/> cannot
/// be read). Used for dropout masks. SplitMix64 passes BigCrush; not for cryptography.
/// </summary>
public sealed class CounterRandom
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>A stream at position 0 of <paramref name="seed"/>.</summary>
    public CounterRandom(ulong seed) => Seed = seed;

    /// <summary>A stream seeded by a draw of <paramref name="random"/>.</summary>
    public CounterRandom(Random random) : this(unchecked((ulong)random.NextInt64(long.MinValue, long.MaxValue))) { }

    /// <summary>The seed of the stream.</summary>
    public ulong Seed { get; private set; }

    /// <summary>How many values were drawn since the seed.</summary>
    public ulong Position { get; private set; }

    /// <summary>Moves the stream to <paramref name="position"/> of <paramref name="seed"/> (a checkpoint's state).</summary>
    public void Restore(ulong seed, ulong position)
    {
        Seed = seed;
        Position = position;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong z = unchecked(Seed + ++Position * Gamma);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));
}
