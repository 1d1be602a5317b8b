using System.Numerics.Tensors;
using DiyNet.Kernels;
using Xunit;

namespace DiyNet.Tests.Kernels;

/// <summary>
/// <see cref="ChannelRows"/> against the per-row <see cref="TensorPrimitives"/> calls that batch normalization made
/// before it, bit for bit, for channel counts on and off the vector width.
/// </summary>
[Trait(TestGroup.Name, TestGroup.Kernels)]
public class ChannelRowsTests
{
    public static TheoryData<int, int> Shapes => new() { { 1, 1 }, { 7, 3 }, { 50, 8 }, { 33, 13 }, { 129, 32 }, { 17, 100 }, { 5, 128 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryOperationEqualsThePerRowCallsBitForBit(int rows, int c)
    {
        int seed = 1000 * rows + c;
        var random = new Random(seed);
        float[] Values(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 4 - 2))];
        float[] x = Values(rows * c), y = Values(rows * c), u = Values(c), v = Values(c), w = Values(c);

        // Sums of rows, of squares, of products, starting from non-zero accumulators.
        float[] acc = Values(c), expected = (float[])acc.Clone();
        ChannelRows.AddRows(x, acc);
        for (int i = 0; i < rows; i++) TensorPrimitives.Add(expected, x.AsSpan(i * c, c), expected);
        Same(expected, acc, "AddRows", seed);

        acc = Values(c); expected = (float[])acc.Clone();
        ChannelRows.AddSquaredRows(x, acc);
        for (int i = 0; i < rows; i++) TensorPrimitives.MultiplyAdd(x.AsSpan(i * c, c), x.AsSpan(i * c, c), expected, expected);
        Same(expected, acc, "AddSquaredRows", seed);

        acc = Values(c); expected = (float[])acc.Clone();
        float[] dots = Values(c), expectedDots = (float[])dots.Clone();
        ChannelRows.AddRowsAndProducts(x, y, acc, dots);
        for (int i = 0; i < rows; i++)
        {
            TensorPrimitives.Add(expected, x.AsSpan(i * c, c), expected);
            TensorPrimitives.MultiplyAdd(x.AsSpan(i * c, c), y.AsSpan(i * c, c), expectedDots, expectedDots);
        }
        Same(expected, acc, "AddRowsAndProducts sums", seed);
        Same(expectedDots, dots, "AddRowsAndProducts dots", seed);

        // Row-wise operations, into a new span and in place.
        Check("Subtract", z => ChannelRows.Subtract(x, u, z), (xi, zi) => TensorPrimitives.Subtract(xi, u, zi));
        Check("Multiply", z => ChannelRows.Multiply(x, u, z), (xi, zi) => TensorPrimitives.Multiply(xi, u, zi));
        Check("MultiplyAdd", z => ChannelRows.MultiplyAdd(x, u, v, z), (xi, zi) => TensorPrimitives.MultiplyAdd(xi, u, v, zi));
        Check("SubtractMultiply", z => ChannelRows.SubtractMultiply(x, u, v, z), (xi, zi) =>
        {
            TensorPrimitives.Subtract(xi, u, zi);
            TensorPrimitives.Multiply(zi, v, zi);
        });
        float[] g = new float[rows * c], expectedG = new float[rows * c];
        ChannelRows.BatchNormInputGradient(x, y, u, v, w, g);
        for (int i = 0; i < rows; i++)
        {
            var gi = expectedG.AsSpan(i * c, c);
            TensorPrimitives.Multiply(y.AsSpan(i * c, c), v, gi);
            TensorPrimitives.Subtract(x.AsSpan(i * c, c), gi, gi);
            TensorPrimitives.Subtract(gi, u, gi);
            TensorPrimitives.Multiply(gi, w, gi);
        }
        Same(expectedG, g, "BatchNormInputGradient", seed);

        void Check(string name, Action<float[]> kernel, SpanAction rowCall)
        {
            float[] z = new float[rows * c], e = new float[rows * c];
            kernel(z);
            for (int i = 0; i < rows; i++) rowCall(x.AsSpan(i * c, c), e.AsSpan(i * c, c));
            Same(e, z, name, seed);
        }
    }

    [Fact]
    public void RowsThatDoNotDivideIntoChannelsAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => ChannelRows.AddRows(new float[10], new float[3]));
        Assert.Contains("10 values are not whole rows of 3 channels", e.Message);
        Assert.Throws<ArgumentException>(() => ChannelRows.Multiply(new float[6], new float[3], new float[3]));
    }

    private delegate void SpanAction(ReadOnlySpan<float> x, Span<float> z);

    private static void Same(float[] expected, float[] actual, string what, int seed)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"{what}, seed {seed}: element {i} is {actual[i]:R}, the per-row calls give {expected[i]:R}");
    }
}
