using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace DiyNet.Kernels;

/// <summary>
/// Whether every value of a batch is finite, read on the kernel threads: a batch that comes from memory is read at
/// the speed of all the cores instead of one, and in the same parts of rows as the <see cref="GemmChain"/> that
/// reads it next, so each thread then finds its rows in its own core's cache.
/// </summary>
internal static unsafe class FiniteRows
{
    /// <summary>Batches below this many values are read by the calling thread alone.</summary>
    internal const int ParallelMinValues = 1 << 15;

    private struct Job
    {
        public float* Values;
        public int Rows, Width, Parts, NonFinite;
    }

    /// <summary>
    /// True when none of the <paramref name="rows"/> rows of <paramref name="values"/> (all of it, the same width)
    /// holds a NaN or an infinity.
    /// </summary>
    internal static bool All(ReadOnlySpan<float> values, int rows)
    {
        if (values.IsEmpty) return true;
        int parts = GemmChain.Parts(rows);
        if (values.Length < ParallelMinValues || parts <= 1 || values.Length % rows != 0)
            return float.IsFinite(TensorPrimitives.MaxMagnitude(values));
        fixed (float* v = values)
        {
            var job = new Job { Values = v, Rows = rows, Width = values.Length / rows, Parts = parts };
            KernelThreads.Run(parts, &RunPart, &job);
            return job.NonFinite == 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunPart(void* state, int part)
    {
        ref Job job = ref Unsafe.AsRef<Job>(state);
        KernelThreads.RowRange(job.Rows, GemmChain.RowUnit, job.Parts, part, out int start, out int end);
        if (start >= end) return;
        var span = new ReadOnlySpan<float>(job.Values + (nint)start * job.Width, (end - start) * job.Width);
        if (!float.IsFinite(TensorPrimitives.MaxMagnitude(span))) Interlocked.Exchange(ref job.NonFinite, 1);
    }
}
