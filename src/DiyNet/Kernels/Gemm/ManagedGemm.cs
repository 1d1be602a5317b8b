using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

/// <summary>
/// The managed matrix multiply behind <see cref="Gemm.Multiply"/>: <c>C ← α·op(A)·op(B) + β·C</c>, packed and
/// cache-blocked (k in blocks of at most <see cref="KcMax"/>, rows of A in blocks of <see cref="McMax"/>, columns of
/// B in blocks of <see cref="NcMax"/>), with register-tile micro-kernels at the widest vector width the machine
/// runs fast; products with fewer than <see cref="RowPathMaxRows"/> rows skip packing and stream op(B) once.
/// </summary>
/// <remarks>
/// Every element of C is computed the same way on every path, width and thread count: its products are summed in
/// k order by a multiply-add chain within each k-block, and each block's sum <c>s</c> is stored as <c>α·s + C</c>,
/// each multiply-add rounded as <see cref="FastMultiplyAdd.Scalar"/> (once where the processor fuses them). Only the split of C into blocks between threads changes with the thread count,
/// so results are bit-identical whatever <see cref="KernelSettings.MaxThreads"/> is.
/// </remarks>
internal static unsafe class ManagedGemm
{
    /// <summary>Largest k-block; k is cut into equal blocks no longer than this.</summary>
    internal const int KcMax = 256;

    /// <summary>Rows of op(A) packed at a time (a multiple of every tile height).</summary>
    internal const int McMax = 128;

    /// <summary>Columns of op(B) packed at a time (a multiple of every tile width).</summary>
    internal const int NcMax = 256;

    /// <summary>Products with fewer rows than this (and B not transposed) take the unpacked row path.</summary>
    internal const int RowPathMaxRows = 4;

    /// <summary>Products below this many multiply-adds run on the calling thread only.</summary>
    internal const long ParallelMinMultiplyAdds = 1 << 18;

    /// <summary>
    /// Whether 8-row tiles read an A that is not transposed in place rather than packed (default true; tests and
    /// benchmarks turn it off to compare the two, which give the same bits).
    /// </summary>
    internal static bool DirectA { get; set; } = true;

    /// <summary>
    /// Vector width in bits used by the kernels: 512, 256, 128, or 32 for the scalar rung (tests may lower it;
    /// 0 = the machine's best).
    /// </summary>
    internal static int WidthOverride { get; set; }

    /// <summary>The vector width the kernels run at.</summary>
    internal static int Width => WidthOverride != 0 ? WidthOverride : BestWidth;

    /// <summary>
    /// The widest width the machine runs in hardware: 512 with AVX-512, 256 with AVX2 and FMA, 128 with any
    /// hardware vectors (SSE, AdvSimd; without FMA the kernels multiply then add), else the scalar rung.
    /// </summary>
    internal static int BestWidth =>
        Vector512.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? 512
        : Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported ? 256
        : Vector128.IsHardwareAccelerated ? 128
        : 32;

    private struct Job
    {
        public float* A, B, C, Bias, PackedB;
        public int Lda, Ldb, Ldc, M, N, K, Width, Parts, Unit, PackedColumns;
        public float Alpha;
        public bool TransA, TransB, Overwrite, RowPath, SplitRows, Relu;
    }

    /// <summary>
    /// <c>C ← α·op(A)·op(B) + β·C</c> for m, n, k &gt; 0 and α ≠ 0 (the caller handles the degenerate cases);
    /// β = 0 never reads C.
    /// </summary>
    internal static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc) =>
        Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, null, false);

    /// <summary>
    /// <c>C ← α·op(A)·op(B) + β·C</c>, or with an epilogue <c>C ← max(0, α·op(A)·op(B) + bias)</c> (the bias
    /// added to every row, when not null, then the rectifier when <paramref name="relu"/>; β must then be 0), applied
    /// as each block of C is stored: no extra pass over C.
    /// </summary>
    internal static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, float* bias, bool relu) =>
        Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias, relu, null);

    /// <summary>
    /// As the overload without <paramref name="packed"/>, reading op(B)'s blocks from <paramref name="packed"/>
    /// (op(B) packed whole for this width by <see cref="PackedMatrix.Pack"/>, not null) instead of packing them on
    /// each call: the same values reach the same tiles in the same order, so C has the same bits. The row path
    /// (fewer than <see cref="RowPathMaxRows"/> rows) still reads B itself.
    /// </summary>
    internal static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, float* bias, bool relu, PackedMatrix? packed)
    {
        if (packed is not null && !packed.Fits(transB, k, n, Width))
            throw new ArgumentException($"ManagedGemm: the packed matrix is {packed.Describe()}, the product needs op(B) ({k}, {n}) at {Width} bits.");
        Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias, relu,
            packed is null ? null : packed.Pointer, packed is null ? 0 : packed.PaddedColumns, onThisThread: false);
    }

    /// <summary>
    /// The product with op(B) packed at <paramref name="packedB"/> (<paramref name="packedColumns"/> = n̄ of its
    /// <see cref="PackedMatrix"/>, made for this shape and width; null for none), all of it on the calling thread when
    /// <paramref name="onThisThread"/> (the parts of a job that already runs on the kernel threads, as
    /// <see cref="GemmChain"/>'s): the same bits either way.
    /// </summary>
    internal static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, float* bias, bool relu,
        float* packedB, int packedColumns, bool onThisThread)
    {
        if (beta != 0f && beta != 1f) Gemm.ScaleC(m, n, beta, new Span<float>(c, (m - 1) * ldc + n), ldc);
        var job = new Job
        {
            A = a, B = b, C = c, Lda = lda, Ldb = ldb, Ldc = ldc, M = m, N = n, K = k, Alpha = alpha,
            TransA = transA, TransB = transB, Overwrite = beta == 0f, Width = Width, Bias = bias, Relu = relu,
            PackedB = packedB, PackedColumns = packedColumns,
        };
        job.RowPath = m < RowPathMaxRows && !transB;
        int floats = job.Width / 32;
        int tileRows = job.Width == 512 ? 8 : 4;
        if (job.RowPath)
        {
            job.SplitRows = false;
            job.Unit = 8 * floats;
        }
        else
        {
            // Split the dimension whose operand is cheaper to pack twice: each part packs its own share of one
            // operand and all of the other.
            job.SplitRows = m > n;
            job.Unit = job.SplitRows ? tileRows : 2 * floats;
        }
        int length = job.SplitRows ? m : n;
        int units = (length + job.Unit - 1) / job.Unit;
        // Splitting a product this small costs more in waking and waiting for a worker than it saves (a batch-1
        // forward pass of a 784-256 layer, 2·10⁵ multiply-adds, takes a few microseconds).
        long work = (long)m * n * k;
        job.Parts = onThisThread || work < ParallelMinMultiplyAdds ? 1 : Math.Min(KernelSettings.MaxThreads, units);
        if (job.Parts <= 1)
        {
            job.Parts = 1;
            RunPart(&job, 0);
        }
        else KernelThreads.Run(job.Parts, &RunPart, &job);
    }

    private static void RunPart(void* state, int part)
    {
        ref Job job = ref Unsafe.AsRef<Job>(state);
        KernelThreads.RowRange(job.SplitRows ? job.M : job.N, job.Unit, job.Parts, part, out int start, out int end);
        if (start >= end) return;
        int i0 = 0, i1 = job.M, j0 = 0, j1 = job.N;
        if (job.SplitRows) { i0 = start; i1 = end; }
        else { j0 = start; j1 = end; }
        switch (job.Width)
        {
            case 512:
                if (job.RowPath) Rows<Simd512, Vector512<float>>(ref job, j0, j1);
                else Tiled<Simd512, Vector512<float>>(ref job, i0, i1, j0, j1);
                break;
            case 256:
                if (job.RowPath) Rows<Simd256, Vector256<float>>(ref job, j0, j1);
                else Tiled<Simd256, Vector256<float>>(ref job, i0, i1, j0, j1);
                break;
            case 128:
                if (job.RowPath) Rows<Simd128, Vector128<float>>(ref job, j0, j1);
                else Tiled<Simd128, Vector128<float>>(ref job, i0, i1, j0, j1);
                break;
            default:
                if (job.RowPath) Rows<SimdScalar, float>(ref job, j0, j1);
                else Tiled<SimdScalar, float>(ref job, i0, i1, j0, j1);
                break;
        }
    }

    /// <summary>The k-block length: k cut into the fewest equal blocks of at most <see cref="KcMax"/>.</summary>
    internal static int BlockLength(int k)
    {
        int blocks = (k + KcMax - 1) / KcMax;
        return (k + blocks - 1) / blocks;
    }

    // C[i0..i1, j0..j1] through packed blocks and register tiles.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tiled<TOps, TVec>(ref Job job, int i0, int i1, int j0, int j1)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int mr = TOps.TileRows, nr = 2 * TOps.Width;
        var scratch = GemmScratch.Current;
        float* packedA = scratch.PackedA, packedB = scratch.PackedB, tile = scratch.Tile;
        int kcStd = BlockLength(job.K);
        // With 8-row tiles and A not transposed, whole tiles read A in place (GemmDirectKernel) instead of packing it.
        bool direct = TOps.TileRows == 8 && !job.TransA && DirectA;
        for (int pc = 0; pc < job.K; pc += kcStd)
        {
            int kc = Math.Min(kcStd, job.K - pc);
            bool overwrite = job.Overwrite && pc == 0;
            var store = new GemmStore(overwrite ? GemmTileStore.Overwrite : GemmTileStore.Accumulate, job.Bias, job.Relu && pc + kc == job.K);
            var raw = new GemmStore(GemmTileStore.Raw);
            for (int jc = j0; jc < j1; jc += NcMax)
            {
                int nc = Math.Min(NcMax, j1 - jc);
                // jc is a multiple of nr: the block of a whole packing starts at panel jc / nr of k-block pc.
                float* blockB = job.PackedB != null ? job.PackedB + (nint)pc * job.PackedColumns + (nint)jc * kc : packedB;
                if (job.PackedB == null) GemmPacking.PackB(job.TransB, job.B, job.Ldb, pc, kc, jc, nc, nr, packedB);
                for (int ic = i0; ic < i1; ic += McMax)
                {
                    int mc = Math.Min(McMax, i1 - ic);
                    if (!direct) GemmPacking.PackA(job.TransA, job.A, job.Lda, ic, mc, pc, kc, mr, packedA);
                    bool edgePacked = false;
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        float* bp = blockB + (nint)jr * kc;
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int rows = Math.Min(mr, mc - ir);
                            float* ap = packedA + (nint)ir * kc;
                            float* cp = job.C + (nint)(ic + ir) * job.Ldc + jc + jr;
                            bool narrow = cols <= TOps.Width;
                            var tileStore = store.Shift(jc + jr);
                            if (direct)
                            {
                                if (rows == mr)
                                {
                                    // Eight whole rows of A, read in place.
                                    float* ar = job.A + (nint)(ic + ir) * job.Lda + pc;
                                    if (cols == (narrow ? TOps.Width : nr))
                                        GemmDirectKernel.Tile<TOps, TVec>(kc, ar, job.Lda, bp, cp, job.Ldc, job.Alpha, tileStore, narrow);
                                    else
                                    {
                                        GemmDirectKernel.Tile<TOps, TVec>(kc, ar, job.Lda, bp, tile, nr, 1f, raw, narrow);
                                        StoreEdge<TOps, TVec>(tile, nr, cp, job.Ldc, rows, cols, job.Alpha, tileStore);
                                    }
                                    continue;
                                }
                                // The last rows of the block, fewer than a tile: packed once (zero-filled) per block.
                                if (!edgePacked) GemmPacking.PackA(false, job.A, job.Lda, ic + ir, rows, pc, kc, mr, packedA);
                                edgePacked = true;
                                ap = packedA;
                            }
                            if (rows == mr && cols == (narrow ? TOps.Width : nr))
                                GemmMicroKernel.Tile<TOps, TVec>(kc, ap, bp, cp, job.Ldc, job.Alpha, tileStore, narrow);
                            else
                            {
                                GemmMicroKernel.Tile<TOps, TVec>(kc, ap, bp, tile, nr, 1f, raw, narrow);
                                StoreEdge<TOps, TVec>(tile, nr, cp, job.Ldc, rows, cols, job.Alpha, tileStore);
                            }
                        }
                    }
                }
            }
        }
    }

    // The part of an edge tile that lies inside C, a vector (or its first lanes, masked) at a time: the arithmetic of
    // a whole tile's store.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreEdge<TOps, TVec>(float* tile, int nr, float* c, int ldc, int rows, int cols, float alpha, GemmStore store)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        for (int r = 0; r < rows; r++)
        {
            float* t = tile + r * nr;
            float* cr = c + (nint)r * ldc;
            for (int j = 0; j < cols; j += TOps.Width)
                store.Partial<TOps, TVec>(cr + j, TOps.Load(t + j), alpha, j, Math.Min(TOps.Width, cols - j));
        }
    }

    // The row path: C[0..m, j0..j1] row by row, streaming op(B) = B in strips of up to four vectors, no packing.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<TOps, TVec>(ref Job job, int j0, int j1)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int w = TOps.Width;
        int kcStd = BlockLength(job.K);
        nint aStep = job.TransA ? job.Lda : 1;
        for (int i = 0; i < job.M; i++)
        {
            float* ai = job.TransA ? job.A + i : job.A + (nint)i * job.Lda;
            float* ci = job.C + (nint)i * job.Ldc;
            for (int pc = 0; pc < job.K; pc += kcStd)
            {
                int kc = Math.Min(kcStd, job.K - pc);
                var store = new GemmStore(job.Overwrite && pc == 0 ? GemmTileStore.Overwrite : GemmTileStore.Accumulate,
                    job.Bias, job.Relu && pc + kc == job.K);
                float* ap = ai + pc * aStep;
                float* bp = job.B + (nint)pc * job.Ldb;
                int j = j0;
                if (TOps.Width == 16)
                    for (; j + 16 * w <= j1; j += 16 * w)
                        GemmRowKernel.Strip16<TOps, TVec>(kc, ap, aStep, bp + j, job.Ldb, ci + j, job.Alpha, store.Shift(j));
                for (; j + 8 * w <= j1; j += 8 * w)
                    GemmRowKernel.Strip8<TOps, TVec>(kc, ap, aStep, bp + j, job.Ldb, ci + j, job.Alpha, store.Shift(j));
                for (; j + 4 * w <= j1; j += 4 * w)
                    GemmRowKernel.Strip4<TOps, TVec>(kc, ap, aStep, bp + j, job.Ldb, ci + j, job.Alpha, store.Shift(j));
                for (; j < j1; j += w)
                    GemmRowKernel.Strip1<TOps, TVec>(kc, ap, aStep, bp + j, job.Ldb, ci + j, Math.Min(w, j1 - j), job.Alpha, store.Shift(j));
            }
        }
    }
}
