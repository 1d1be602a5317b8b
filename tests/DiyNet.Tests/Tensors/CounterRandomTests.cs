using DiyNet.Modules;
using DiyNet.Tensors;
using Xunit;

namespace DiyNet.Tests.Tensors;

public class CounterRandomTests
{
    [Fact]
    public void DrawsAreSplitMix64()
    {
        // SplitMix64 seeded with 0 (Vigna's reference splitmix64.c): its first three outputs.
        var random = new CounterRandom(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, random.NextUInt64());
        Assert.Equal(3UL, random.Position);
    }

    [Fact]
    public void RestoringSeedAndPositionReplaysTheStream()
    {
        var random = new CounterRandom(new Random(7));
        for (int i = 0; i < 5; i++) random.NextSingle();
        ulong seed = random.Seed, position = random.Position;
        float[] next = [.. Enumerable.Range(0, 10).Select(_ => random.NextSingle())];

        var other = new CounterRandom(12345);
        other.Restore(seed, position);
        Assert.Equal(next, Enumerable.Range(0, 10).Select(_ => other.NextSingle()));
    }

    [Fact]
    public void SinglesAreUniformInTheUnitInterval()
    {
        var random = new CounterRandom(3);
        var values = Enumerable.Range(0, 100_000).Select(_ => random.NextSingle()).ToArray();
        Assert.All(values, v => Assert.InRange(v, 0f, 0.99999995f));
        Assert.InRange(values.Average(), 0.497, 0.503);
        Assert.InRange(values.Count(v => v < 0.1f) / (double)values.Length, 0.097, 0.103);
    }

    [Fact]
    public void StreamsAreNamedByTheirModulesPaths()
    {
        var net = new Sequential(new Linear(4, 8), new Dropout(0.5f), new Sequential(new ReLU(), new Dropout2D(0.2f)),
            new AutoEncoder(new Sequential(new Linear(8, 2), new Dropout(0.1f)), new Linear(2, 8)));
        Assert.Equal(["1", "2.1", "3.encoder.1"], net.NamedRandomStreams().Select(s => s.Name));
        Assert.Same(((Dropout)net[1]).RandomStream, net.NamedRandomStreams()[0].Stream);
        Assert.Null(new Linear(2, 2).RandomStream);
    }

    [Fact]
    public void NextSinglesDrawsTheSameValuesAsNextSingleOneByOne()
    {
        foreach (ulong seed in new[] { 0UL, 42UL, ulong.MaxValue - 3 })
            for (int length = 0; length <= 70; length++)
            {
                var a = new CounterRandom(seed);
                var b = new CounterRandom(seed);
                a.Restore(seed, (ulong)length * 7);
                b.Restore(seed, (ulong)length * 7);
                var block = new float[length];
                a.NextSingles(block);
                for (int i = 0; i < length; i++)
                {
                    float one = b.NextSingle();
                    Assert.True(BitConverter.SingleToInt32Bits(one) == BitConverter.SingleToInt32Bits(block[i]),
                        $"seed {seed}, length {length}: draw {i} is {block[i]:R} in a block, {one:R} one by one");
                }
                Assert.Equal(b.Position, a.Position);
                Assert.Equal(b.NextUInt64(), a.NextUInt64());   // and the stream goes on from the same place
            }
    }
}
