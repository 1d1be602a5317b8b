using DiyNet.Data;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Data;

public class SplitsTests
{
    // 100 examples: 50 of class 0, 30 of class 1, 20 of class 2, interleaved.
    private static int[] Labels() => Enumerable.Range(0, 100).Select(i => i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2).ToArray();

    private static int[] CountByClass(int[] labels, int[] indices, int k) =>
        Enumerable.Range(0, k).Select(c => indices.Count(i => labels[i] == c)).ToArray();

    [Fact]
    public void StratifiedSplitKeepsClassProportionsAndIsSeeded()
    {
        int[] labels = Labels();
        var s = Splits.Stratified(labels, 0.2, seed: 11);
        Assert.Equal(20, s.Test.Length);
        Assert.Equal([10, 6, 4], CountByClass(labels, s.Test, 3));
        Assert.Equal(Enumerable.Range(0, 100), s.Train.Concat(s.Test).Order());
        Assert.Equal(s.Test.Order(), s.Test);
        Assert.Equal(s.Test, Splits.Stratified(labels, 0.2, seed: 11).Test);
        Assert.NotEqual(s.Test, Splits.Stratified(labels, 0.2, seed: 12).Test);
    }

    [Fact]
    public void StratifiedSplitGivesLeftoverPlacesToLargestRemainders()
    {
        // Classes of 5, 3 and 2 examples, 3 test places: exact quotas 1.5, 0.9, 0.6 → floors 1, 0, 0, then the
        // two leftover places go to the remainders 0.9 and 0.6.
        int[] labels = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2];
        var s = Splits.Stratified(labels, 0.3, seed: 1);
        Assert.Equal([1, 1, 1], CountByClass(labels, s.Test, 3));
    }

    [Fact]
    public void TrainTestSplitIsAPartition()
    {
        var s = Splits.TrainTest(10, 0.3, seed: 5);
        Assert.Equal(3, s.Test.Length);
        Assert.Equal(Enumerable.Range(0, 10), s.Train.Concat(s.Test).Order());
    }

    [Fact]
    public void KFoldHoldsOutEveryExampleOnce()
    {
        var folds = Splits.KFold(10, 3, seed: 2);
        Assert.Equal([4, 3, 3], folds.Select(f => f.Test.Length));
        Assert.Equal(Enumerable.Range(0, 10), folds.SelectMany(f => f.Test).Order());
        foreach (var f in folds) Assert.Equal(Enumerable.Range(0, 10), f.Train.Concat(f.Test).Order());
        Assert.Equal(folds[1].Test, Splits.KFold(10, 3, seed: 2)[1].Test);
    }

    [Fact]
    public void StratifiedKFoldBalancesEveryClass()
    {
        int[] labels = Labels();
        var folds = Splits.StratifiedKFold(labels, 4, seed: 9);
        Assert.Equal(Enumerable.Range(0, 100), folds.SelectMany(f => f.Test).Order());
        foreach (var f in folds)
        {
            Assert.Equal(25, f.Test.Length);
            int[] counts = CountByClass(labels, f.Test, 3);
            Assert.InRange(counts[0], 12, 13);
            Assert.InRange(counts[1], 7, 8);
            Assert.Equal(5, counts[2]);
        }
    }

    [Fact]
    public void BadArgumentsAreReported()
    {
        Assert.StartsWith("Splits: the test fraction must be in (0, 1), got 1.", Assert.Throws<ArgumentException>(() => Splits.TrainTest(10, 1.0, 0)).Message);
        Assert.StartsWith("Splits: a test fraction of 0.01 of 10 examples leaves 0 test and 10 training examples; both must be at least 1.",
            Assert.Throws<ArgumentException>(() => Splits.Stratified(new int[10], 0.01, 0)).Message);
        Assert.StartsWith("Splits: k-fold needs 2 ≤ k ≤ N, got k = 11 for N = 10.", Assert.Throws<ArgumentException>(() => Splits.KFold(10, 11, 0)).Message);
        Assert.StartsWith("Splits: label -1 at index 1 is negative.", Assert.Throws<ArgumentException>(() => Splits.StratifiedKFold([0, -1, 0], 2, 0)).Message);
    }
}
