using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    /// <summary>
    /// Fills <paramref name="destination"/> with the next <c>destination.Length</c> draws of <see cref="NextSingle"/>,
    /// in order (the same values, the stream advanced as many positions), eight or sixteen at a time where 64-bit
    /// vector multiplies are available: a dropout mask of 74,000 values takes one pass instead of one call each.
    /// </summary>
    public void NextSingles(Span<float> destination)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Avx512DQ.IsSupported && destination.Length >= 16)
        {
            ref float d = ref MemoryMarshal.GetReference(destination);
            var step = Vector512.Create(unchecked(8UL * Gamma));
            var lanes = Vector512.Create(unchecked(Seed + (Position + 1) * Gamma)) + Vector512<ulong>.Indices * Vector512.Create(Gamma);
            var scale = Vector512.Create(1f / (1 << 24));
            for (; i <= destination.Length - 16; i += 16)
            {
                var low = Mix(lanes);
                lanes += step;
                var high = Mix(lanes);
                lanes += step;
                var bits = Vector512.Narrow(low >>> 40, high >>> 40);   // 24-bit values: exact as floats
                (Vector512.ConvertToSingle(bits) * scale).StoreUnsafe(ref d, (nuint)i);
            }
            Position += (ulong)i;
        }
        for (; i < destination.Length; i++) destination[i] = NextSingle();
    }

    // SplitMix64's output mix on eight states.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Mix(Vector512<ulong> z)
    {
        z = (z ^ (z >>> 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >>> 27)) * Vector512.Create(0x94D049BB133111EBUL);
        return z ^ (z >>> 31);
    }
}
