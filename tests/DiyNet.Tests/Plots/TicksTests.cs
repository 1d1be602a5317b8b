using DiyNet.Plots.Axes;
using Xunit;

namespace DiyNet.Tests.Plots;

public class TicksTests
{
    [Fact]
    public void UnitRangeGetsTenthsInStepsOfTwo()
    {
        var t = Ticks.Linear(0, 0.87);
        Assert.Equal(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], t.Labels);
        Assert.Equal((0.0, 1.0), (t.Min, t.Max));
        Assert.Equal(0.6, t.Values[3], 12);
    }

    [Theory]
    [InlineData(0, 100, 6, new[] { "0", "20", "40", "60", "80", "100" })]
    [InlineData(1, 60, 6, new[] { "0", "20", "40", "60" })]
    [InlineData(-5.3, 12.1, 6, new[] { "−10", "−5", "0", "5", "10", "15" })]
    [InlineData(0.6, 1.2, 7, new[] { "0.6", "0.7", "0.8", "0.9", "1.0", "1.1", "1.2" })]
    [InlineData(0.6, 1.2, 6, new[] { "0.6", "0.8", "1.0", "1.2" })]
    [InlineData(2e-9, 7e-9, 6, new[] { "2×10⁻⁹", "3×10⁻⁹", "4×10⁻⁹", "5×10⁻⁹", "6×10⁻⁹", "7×10⁻⁹" })]
    [InlineData(0, 3.1e12, 5, new[] { "0", "1×10¹²", "2×10¹²", "3×10¹²", "4×10¹²" })]
    [InlineData(1e11, 1.29e13, 8, new[] { "0", "2×10¹²", "4×10¹²", "6×10¹²", "8×10¹²", "1.0×10¹³", "1.2×10¹³", "1.4×10¹³" })]
    [InlineData(-9.5e6, 0.5e6, 6, new[] { "−1.0×10⁷", "−5×10⁶", "0", "5×10⁶" })]
    [InlineData(1234567, 1234567.9, 6, new[] { "1.2345670×10⁶", "1.2345672×10⁶", "1.2345674×10⁶", "1.2345676×10⁶", "1.2345678×10⁶", "1.2345680×10⁶" })]
    public void LabelsAreExactAndCoverTheRange(double min, double max, int maxTicks, string[] expected)
    {
        var t = Ticks.Linear(min, max, maxTicks);
        Assert.Equal(expected, t.Labels);
    }

    [Fact]
    public void RandomRangesGetFewNiceEquallySpacedTicksThatCoverThem()
    {
        const int seed = 20240601;
        var random = new Random(seed);
        for (int trial = 0; trial < 2000; trial++)
        {
            double scale = Math.Pow(10, random.Next(-12, 13));
            double a = (random.NextDouble() * 2 - 1) * scale, b = a + random.NextDouble() * scale * (random.Next(2) == 0 ? 1e-3 : 1);
            int maxTicks = random.Next(2, 12);
            var t = Ticks.Linear(a, b, maxTicks);
            string where = $"seed {seed}, trial {trial}: [{a:R}, {b:R}], maxTicks {maxTicks} → {string.Join(", ", t.Labels)}";
            int limit = a < 0 && b > 0 ? Math.Max(maxTicks, 3) : maxTicks; // across 0: a tick each side and one at 0
            Assert.True(t.Values.Count >= 2 && t.Values.Count <= limit, where);
            Assert.True(t.Min <= a && t.Max >= b, where);
            Assert.Equal(t.Values[0], t.Min);
            Assert.Equal(t.Values[^1], t.Max);
            double step = t.Values[1] - t.Values[0];
            double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-9));
            Assert.True(new[] { 1.0, 2.0, 5.0 }.Any(m => Math.Abs(mantissa - m) < 1e-6), $"step {step:R} is not 1-2-5; {where}");
            for (int i = 1; i < t.Values.Count; i++) Assert.True(Math.Abs(t.Values[i] - t.Values[i - 1] - step) <= step * 1e-6, where);
            Assert.Equal(t.Labels.Count, t.Labels.Distinct().Count());
            // Coverage is tight: one step less on either side would leave data out.
            Assert.True(t.Min > a - step && t.Max < b + step, where);
        }
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(0, 0)]
    [InlineData(-1e-30, -1e-30)]
    [InlineData(1, 1 + 1e-15)]
    public void ZeroWidthRangesAreWidened(double min, double max)
    {
        var t = Ticks.Linear(min, max);
        Assert.True(t.Values.Count >= 2);
        Assert.True(t.Min <= min && t.Max >= max && t.Max > t.Min);
    }

    [Fact]
    public void WithinKeepsTheBoundsAndPutsTicksInside()
    {
        var t = Ticks.Within(-3.2, 3.2, 7);
        Assert.Equal((-3.2, 3.2), (t.Min, t.Max));
        Assert.Equal(["−3", "−2", "−1", "0", "1", "2", "3"], t.Labels);
        Assert.Equal(["0.42", "0.44", "0.46"], Ticks.Within(0.41, 0.47, 3).Labels);
        Assert.Equal(["0.45"], Ticks.Within(0.41, 0.47, 2).Labels); // a step of 0.02 gives three ticks, 0.05 one
    }

    [Fact]
    public void WithinKeepsToMaxTicksAndToTheRangeOnRandomRanges()
    {
        const int seed = 99;
        var random = new Random(seed);
        for (int trial = 0; trial < 2000; trial++)
        {
            double scale = Math.Pow(10, random.Next(-9, 10));
            double a = (random.NextDouble() * 2 - 1) * scale, b = a + random.NextDouble() * scale;
            int maxTicks = random.Next(2, 12);
            var t = Ticks.Within(a, b, maxTicks);
            string where = $"seed {seed}, trial {trial}: [{a:R}, {b:R}], maxTicks {maxTicks} → {string.Join(", ", t.Labels)}";
            Assert.True(t.Values.Count <= maxTicks, where);
            if (maxTicks >= 5) Assert.True(t.Values.Count >= 2, where);
            Assert.All(t.Values, v => Assert.True(v >= a - (b - a) * 1e-9 && v <= b + (b - a) * 1e-9, where));
        }
    }

    [Fact]
    public void LogTicksArePowersOfTenWithMinorTicks()
    {
        var t = Ticks.Log(0.0032, 870);
        Assert.Equal(["0.001", "0.01", "0.1", "1", "10", "100", "1000"], t.Labels);
        Assert.Equal((0.001, 1000.0), (t.Min, t.Max));
        Assert.Contains(t.Minor, v => Math.Abs(v - 0.02) < 1e-12);
        Assert.Equal(6 * 8, t.Minor.Count);
    }

    [Fact]
    public void ShortLogRangesUseOneTwoFive()
    {
        Assert.Equal(["0.2", "0.5", "1"], Ticks.Log(0.3, 0.9).Labels);
        Assert.Equal(["0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1"], Ticks.Log(0.011, 0.87).Labels);
        Assert.Equal(["2", "3", "4", "5"], Ticks.Log(2, 5).Labels);
    }

    [Fact]
    public void LongLogRangesSkipDecades()
    {
        var t = Ticks.Log(1e-12, 1e6, 6);
        Assert.True(t.Values.Count <= 6);
        Assert.Equal("10⁻¹²", t.Labels[0]);
        Assert.Equal("10⁸", t.Labels[^1]); // decades in steps of 4 from 10⁻¹² (6 ticks at most)
        Assert.All(t.Values.Zip(t.Values.Skip(1)), p => Assert.Equal(4.0, Math.Log10(p.Second / p.First), 9));
    }

    [Fact]
    public void InvalidRangesThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ticks.Linear(double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ticks.Linear(0, double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ticks.Linear(2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ticks.Linear(0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ticks.Log(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ticks.Log(-1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ticks.Nice(0));
    }

    [Theory]
    [InlineData(0.17, 0.2)]
    [InlineData(0.2, 0.2)]
    [InlineData(3, 5)]
    [InlineData(7.3e-7, 1e-6)]
    [InlineData(1.0000001, 2)]
    public void NiceRoundsUpToOneTwoFive(double rough, double nice) => Assert.Equal(nice, Ticks.Nice(rough), 15);
}
