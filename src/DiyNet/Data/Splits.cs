using DiyNet.Tensors;
namespace DiyNet.Data;

/// <summary>
/// Seeded train/test and k-fold partitions of example indices. The same arguments always give the same partition.
/// </summary>
public static class Splits
{
    /// <summary>
    /// A stratified train/test split: round(testFraction·N) test examples, each class contributing in proportion to
    /// its size (largest remainders get the leftover places), chosen at random within the class.
    /// </summary>
    /// <param name="labels">The class of each example (non-negative).</param>
    /// <param name="testFraction">Fraction of examples held out, in (0, 1).</param>
    /// <param name="seed">Seed of the random choice.</param>
    /// <exception cref="ArgumentException">The fraction leaves an empty part, or a label is negative.</exception>
    public static SplitIndices Stratified(ReadOnlySpan<int> labels, double testFraction, int seed)
    {
        int n = labels.Length;
        int testCount = TestCount(n, testFraction);
        int[][] members = ByClass(labels);
        // Largest-remainder apportionment of the test places among the classes.
        var quota = new int[members.Length];
        var remainder = new double[members.Length];
        int given = 0;
        for (int c = 0; c < members.Length; c++)
        {
            double exact = (double)testCount * members[c].Length / n;
            quota[c] = (int)Math.Floor(exact);
            remainder[c] = exact - quota[c];
            given += quota[c];
        }
        int[] order = Enumerable.Range(0, members.Length).OrderByDescending(c => remainder[c]).ThenBy(c => c).ToArray();
        for (int i = 0; given < testCount; i++, given++) quota[order[i % order.Length]]++;

        var random = new Random(seed);
        var test = new List<int>(testCount);
        var train = new List<int>(n - testCount);
        for (int c = 0; c < members.Length; c++)
        {
            int[] m = members[c];
            Shuffle(random, m);
            test.AddRange(m.AsSpan(0, quota[c]));
            train.AddRange(m.AsSpan(quota[c]));
        }
        return Sorted(train, test);
    }

    /// <summary>A random (unstratified) train/test split with round(testFraction·N) test examples.</summary>
    /// <exception cref="ArgumentException">The fraction leaves an empty part.</exception>
    public static SplitIndices TrainTest(int count, double testFraction, int seed)
    {
        int testCount = TestCount(count, testFraction);
        var order = new int[count];
        new Random(seed).Permutation(order);
        return Sorted(order.AsSpan(testCount).ToArray(), order.AsSpan(0, testCount).ToArray());
    }

    /// <summary>
    /// k folds of a random permutation of 0..count-1: fold f holds out one k-th of the examples (the first count mod k
    /// folds one more), and trains on the others. Every example is held out exactly once.
    /// </summary>
    /// <exception cref="ArgumentException">k is not in 2..count.</exception>
    public static SplitIndices[] KFold(int count, int k, int seed)
    {
        CheckK(count, k);
        var order = new int[count];
        new Random(seed).Permutation(order);
        var fold = new int[count];
        int start = 0;
        for (int f = 0; f < k; f++)
        {
            int size = count / k + (f < count % k ? 1 : 0);
            for (int i = start; i < start + size; i++) fold[order[i]] = f;
            start += size;
        }
        return Folds(fold, k);
    }

    /// <summary>
    /// Stratified k folds: the examples of each class are shuffled and dealt to the folds in turn (continuing from
    /// class to class), so each fold has about 1/k of every class and fold sizes differ by at most one.
    /// </summary>
    /// <exception cref="ArgumentException">k is not in 2..N, or a label is negative.</exception>
    public static SplitIndices[] StratifiedKFold(ReadOnlySpan<int> labels, int k, int seed)
    {
        CheckK(labels.Length, k);
        var random = new Random(seed);
        var fold = new int[labels.Length];
        int position = 0;
        foreach (int[] m in ByClass(labels))
        {
            Shuffle(random, m);
            foreach (int i in m) fold[i] = position++ % k;
        }
        return Folds(fold, k);
    }

    private static SplitIndices[] Folds(int[] fold, int k)
    {
        var result = new SplitIndices[k];
        for (int f = 0; f < k; f++)
        {
            var train = new List<int>(fold.Length);
            var test = new List<int>(fold.Length / k + 1);
            for (int i = 0; i < fold.Length; i++) (fold[i] == f ? test : train).Add(i);
            result[f] = new SplitIndices(train.ToArray(), test.ToArray());
        }
        return result;
    }

    private static int[][] ByClass(ReadOnlySpan<int> labels)
    {
        int classes = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0) throw new ArgumentException($"Splits: label {labels[i]} at index {i} is negative.", nameof(labels));
            classes = Math.Max(classes, labels[i] + 1);
        }
        var lists = new List<int>[classes];
        for (int c = 0; c < classes; c++) lists[c] = [];
        for (int i = 0; i < labels.Length; i++) lists[labels[i]].Add(i);
        return lists.Select(l => l.ToArray()).ToArray();
    }

    private static void Shuffle(Random random, int[] values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static int TestCount(int n, double testFraction)
    {
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentException($"Splits: the test fraction must be in (0, 1), got {testFraction}.", nameof(testFraction));
        int testCount = (int)Math.Round(testFraction * n, MidpointRounding.AwayFromZero);
        if (testCount < 1 || testCount > n - 1)
            throw new ArgumentException($"Splits: a test fraction of {testFraction} of {n} examples leaves {testCount} test and {n - testCount} training examples; both must be at least 1.", nameof(testFraction));
        return testCount;
    }

    private static void CheckK(int count, int k)
    {
        if (k < 2 || k > count)
            throw new ArgumentException($"Splits: k-fold needs 2 ≤ k ≤ N, got k = {k} for N = {count}.", nameof(k));
    }

    private static SplitIndices Sorted(IEnumerable<int> train, IEnumerable<int> test)
    {
        int[] tr = train.ToArray(), te = test.ToArray();
        Array.Sort(tr);
        Array.Sort(te);
        return new SplitIndices(tr, te);
    }
}
