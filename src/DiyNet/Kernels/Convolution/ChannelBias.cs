using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DiyNet.Kernels;

/// <summary>
/// A per-channel bias over channels-last data seen as rows of C values (every position of every image is a row):
/// broadcast, add, and the column sums that are its gradient. Small C is handled by working on runs of lcm(C, 16)
/// values, so that the loops stay vectorized whatever the channel count.
/// </summary>
internal static class ChannelBias
{
    private const int Lanes = 16, MaxRun = 1024;

    /// <summary><c>rows[r, c] = bias[c]</c> for every row.</summary>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is not a whole number of rows.</exception>
    public static void Broadcast(ReadOnlySpan<float> bias, Span<float> rows)
    {
        int c = CheckRows("ChannelBias.Broadcast", bias.Length, rows.Length);
        if (rows.Length == 0) return;
        bias.CopyTo(rows);
        for (int filled = c; filled < rows.Length; filled *= 2)
            rows.Slice(0, Math.Min(filled, rows.Length - filled)).CopyTo(rows.Slice(filled));
    }

    /// <summary><c>rows[r, c] += bias[c]</c> for every row.</summary>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is not a whole number of rows.</exception>
    public static void AddTo(ReadOnlySpan<float> bias, Span<float> rows)
    {
        int c = CheckRows("ChannelBias.AddTo", bias.Length, rows.Length);
        int run = Run(c);
        Span<float> pattern = stackalloc float[run <= MaxRun ? run : 0];
        if (run <= MaxRun) Broadcast(bias, pattern);
        else pattern = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(bias), c);
        ref float p = ref MemoryMarshal.GetReference(pattern);
        ref float r = ref MemoryMarshal.GetReference(rows);
        for (int i = 0; i < rows.Length; i += run) ShortSpans.Add(ref p, ref Unsafe.Add(ref r, i), Math.Min(run, rows.Length - i));
    }

    /// <summary><c>sums[c] += Σ_r rows[r, c]</c> (the bias gradient from δ).</summary>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is not a whole number of rows.</exception>
    public static void AccumulateSums(ReadOnlySpan<float> rows, Span<float> sums)
    {
        int c = CheckRows("ChannelBias.AccumulateSums", sums.Length, rows.Length);
        int run = Run(c);
        Span<float> partial = stackalloc float[run <= MaxRun ? run : 0];
        if (run > MaxRun) partial = sums;
        else partial.Clear();
        ref float acc = ref MemoryMarshal.GetReference(partial);
        ref float r = ref MemoryMarshal.GetReference(rows);
        for (int i = 0; i < rows.Length; i += run) ShortSpans.Add(ref Unsafe.Add(ref r, i), ref acc, Math.Min(run, rows.Length - i));
        if (run <= MaxRun)
            for (int j = 0; j < run; j++) sums[j % c] += partial[j];
    }

    // The smallest whole number of rows that is also a whole number of 16-float vectors; c itself when that would
    // exceed MaxRun (then the loops work row by row).
    private static int Run(int c)
    {
        int run = c;
        while (run % Lanes != 0 && run <= MaxRun) run += c;
        return run <= MaxRun ? run : c;
    }

    private static int CheckRows(string kernel, int channels, int length)
    {
        if (channels <= 0) throw new ArgumentException($"{kernel}: the bias is empty.");
        if (length % channels != 0)
            throw new ArgumentException($"{kernel}: {length} values are not a whole number of rows of {channels} channels.");
        return channels;
    }
}
