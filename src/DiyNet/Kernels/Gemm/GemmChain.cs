using System.Runtime.CompilerServices;

namespace DiyNet.Kernels;

/// <summary>
/// Consecutive fully connected layers of an inference pass in one fork/join: the rows of the batch are cut into
/// one part per kernel thread, and each part takes its rows through every layer,
/// <c>C_l[rows] ← max(0, C_{l−1}[rows]·B_l + bias_l)</c>, before the next part's rows need anything of it. A part
/// reads only its own rows of each layer's input, written by itself a moment before and still in its core's cache,
/// and the threads meet once per chain instead of once per layer.
/// </summary>
/// <remarks>
/// Each layer's product is <see cref="ManagedGemm"/>'s on the part's rows, run on the part's thread: every element
/// of every C gets the bits it gets from the layers' products one after the other, whatever the thread count.
/// </remarks>
internal static unsafe class GemmChain
{
    /// <summary>One layer of a chain: <c>C ← max(0, A·B + bias)</c>, A being the previous layer's C (or the input).</summary>
    internal struct Layer
    {
        /// <summary>B, shape (K, N), row stride N.</summary>
        public float* B;

        /// <summary>B packed whole for the current width (<see cref="PackedMatrix.Pointer"/>), or null.</summary>
        public float* PackedB;

        /// <summary>n̄ of the packing (<see cref="PackedMatrix.PaddedColumns"/>); unused without one.</summary>
        public int PackedColumns;

        /// <summary>The bias (N values), or null.</summary>
        public float* Bias;

        /// <summary>The output, shape (m, N), row stride N.</summary>
        public float* C;

        /// <summary>Columns of A (rows of B).</summary>
        public int K;

        /// <summary>Columns of B and C.</summary>
        public int N;

        /// <summary>Whether the rectifier follows the bias.</summary>
        public bool Relu;
    }

    /// <summary>Rows per unit of the split: a tile's height at the kernels' width.</summary>
    internal static int RowUnit => ManagedGemm.Width == 512 ? 8 : 4;

    /// <summary>The parts a chain over <paramref name="m"/> rows is cut into, when its work is worth splitting
    /// (part p then covers <see cref="KernelThreads.RowRange"/> of <see cref="RowUnit"/>).</summary>
    internal static int Parts(int m) => Math.Max(1, Math.Min(KernelSettings.MaxThreads, (m + RowUnit - 1) / RowUnit));

    private struct Job
    {
        public Layer* Layers;
        public float* Input;
        public int Count, M, Unit, Parts;
    }

    /// <summary>
    /// Runs the <paramref name="count"/> layers at <paramref name="layers"/> over the <paramref name="m"/> rows of
    /// <paramref name="input"/> (row stride = the first layer's K); layer l's K must be layer l−1's N.
    /// </summary>
    internal static void Run(Layer* layers, int count, float* input, int m)
    {
        long work = 0;
        for (int l = 0; l < count; l++) work += (long)m * layers[l].K * layers[l].N;
        var job = new Job { Layers = layers, Input = input, Count = count, M = m, Unit = RowUnit };
        job.Parts = work < ManagedGemm.ParallelMinMultiplyAdds ? 1 : Parts(m);
        if (job.Parts <= 1)
        {
            job.Parts = 1;
            RunPart(&job, 0);
        }
        else KernelThreads.Run(job.Parts, &RunPart, &job);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunPart(void* state, int part)
    {
        ref Job job = ref Unsafe.AsRef<Job>(state);
        KernelThreads.RowRange(job.M, job.Unit, job.Parts, part, out int start, out int end);
        if (start >= end) return;
        float* a = job.Input + (nint)start * job.Layers[0].K;
        for (int l = 0; l < job.Count; l++)
        {
            ref Layer layer = ref job.Layers[l];
            float* c = layer.C + (nint)start * layer.N;
            ManagedGemm.Multiply(false, false, end - start, layer.N, layer.K, 1f, a, layer.K, layer.B, layer.N, 0f, c, layer.N,
                layer.Bias, layer.Relu, layer.PackedB, layer.PackedColumns, onThisThread: true);
            a = c;
        }
    }
}
