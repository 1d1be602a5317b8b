using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DiyNet.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous micro-panel layout the tile kernels read, whatever the
/// transpose flags: A in panels of <c>mr</c> rows (mr floats per k-step), B in panels of <c>nr</c> columns
/// (nr floats per k-step). Rows and columns past the matrix edge are zero-filled, so edge tiles compute on zeros.
/// Transposing copies go 8 × 8 (or 4 × 4) blocks at a time through registers; a row of zeros stands in for the
/// rows past the edge. Without hardware vectors every copy goes float by float.
/// </summary>
internal static unsafe class GemmPacking
{
    // Pinned zeros, at least as long as any k-block: the source row of every row or column past the matrix edge.
    private static readonly float[] ZeroRow = GC.AllocateArray<float>(ManagedGemm.KcMax + 16, pinned: true);

    private static float* Zeros => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(ZeroRow));

    /// <summary>
    /// Packs op(A)[i0 .. i0+mc, p0 .. p0+kc] into <paramref name="dst"/>: panel q holds rows i0+q·mr … and is
    /// <c>kc·mr</c> floats long, element (r, p) at <c>p·mr + r</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PackA(bool transA, float* a, int lda, int i0, int mc, int p0, int kc, int mr, float* dst)
    {
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            float* panel = dst + (nint)ir * kc;
            if (transA)
            {
                // op(A)(i, p) = a[p·lda + i]: each k-step is a contiguous run of rows.
                float* src = a + (nint)p0 * lda + i0 + ir;
                if (rows == mr) CopyRuns(src, lda, panel, mr, kc);
                else for (int p = 0; p < kc; p++) CopyPartialRun(src + (nint)p * lda, panel + p * mr, rows, mr);
            }
            else
            {
                // op(A)(i, p) = a[i·lda + p]: the transpose of `rows` rows of a.
                float* src = a + (nint)(i0 + ir) * lda + p0;
                Transpose(src, lda, rows, mr, kc, panel, mr);
            }
        }
    }

    /// <summary>
    /// Packs op(B)[p0 .. p0+kc, j0 .. j0+nc] into <paramref name="dst"/>: panel q holds columns j0+q·nr … and is
    /// <c>kc·nr</c> floats long, element (p, j) at <c>p·nr + j</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PackB(bool transB, float* b, int ldb, int p0, int kc, int j0, int nc, int nr, float* dst)
    {
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            float* panel = dst + (nint)jr * kc;
            if (!transB)
            {
                // op(B)(p, j) = b[p·ldb + j]: each k-step is a contiguous run of columns.
                float* src = b + (nint)p0 * ldb + j0 + jr;
                if (cols == nr) CopyRuns(src, ldb, panel, nr, kc);
                else for (int p = 0; p < kc; p++) CopyPartialRun(src + (nint)p * ldb, panel + p * nr, cols, nr);
            }
            else
            {
                // op(B)(p, j) = b[j·ldb + p]: the transpose of `cols` rows of b, eight at a time (nr at a time
                // for the scalar rung's two-column panels).
                float* src = b + (nint)(j0 + jr) * ldb + p0;
                int height = Math.Min(8, nr);
                for (int j = 0; j < nr; j += height)
                    Transpose(src + (nint)j * ldb, ldb, Math.Clamp(cols - j, 0, height), height, kc, panel + j, nr);
            }
        }
    }

    // Writes the transpose of `rows` rows of `length` floats (row stride ld) as `length` runs of `height` floats,
    // run p at dst + p·stride: run p holds element p of each row, zeros for rows rows … height−1 (height is 4 or 8).
    private static void Transpose(float* src, nint ld, int rows, int height, int length, float* dst, nint stride)
    {
        float* zeros = Zeros;
        float* r0 = Row(src, ld, 0, rows, zeros), r1 = Row(src, ld, 1, rows, zeros);
        float* r2 = Row(src, ld, 2, rows, zeros), r3 = Row(src, ld, 3, rows, zeros);
        int p = 0;
        if (height == 8 && Avx.IsSupported)
        {
            float* r4 = Row(src, ld, 4, rows, zeros), r5 = Row(src, ld, 5, rows, zeros);
            float* r6 = Row(src, ld, 6, rows, zeros), r7 = Row(src, ld, 7, rows, zeros);
            for (; p + 8 <= length; p += 8)
                Transpose8x8(r0 + p, r1 + p, r2 + p, r3 + p, r4 + p, r5 + p, r6 + p, r7 + p, dst + p * stride, stride);
        }
        else if (height == 4 && Sse.IsSupported)
        {
            for (; p + 4 <= length; p += 4)
                Transpose4x4(r0 + p, r1 + p, r2 + p, r3 + p, dst + p * stride, stride);
        }
        for (; p < length; p++)
        {
            float* d = dst + p * stride;
            for (int r = 0; r < height; r++) d[r] = r < rows ? src[r * ld + p] : 0f;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* Row(float* src, nint ld, int r, int rows, float* zeros) => r < rows ? src + r * ld : zeros;

    // Copies `count` runs of `width` floats (a multiple of 4, or the scalar rung's 2) from a strided source into a
    // dense destination.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRuns(float* src, nint ld, float* dst, int width, int count)
    {
        if (!Vector128.IsHardwareAccelerated || width < 4)
        {
            for (int p = 0; p < count; p++)
                for (int j = 0; j < width; j++) dst[p * width + j] = src[p * ld + j];
        }
        else if (width == 8 && Vector256.IsHardwareAccelerated)
            for (int p = 0; p < count; p++) Vector256.Store(Vector256.Load(src + p * ld), dst + p * 8);
        else if (width == 4)
            for (int p = 0; p < count; p++) Vector128.Store(Vector128.Load(src + p * ld), dst + p * 4);
        else
            for (int p = 0; p < count; p++)
            {
                float* s = src + p * ld;
                float* d = dst + p * width;
                int j = 0;
                if (Vector512.IsHardwareAccelerated)
                    for (; j + 16 <= width; j += 16) Vector512.Store(Vector512.Load(s + j), d + j);
                if (Vector256.IsHardwareAccelerated)
                    for (; j + 8 <= width; j += 8) Vector256.Store(Vector256.Load(s + j), d + j);
                for (; j + 4 <= width; j += 4) Vector128.Store(Vector128.Load(s + j), d + j);
            }
    }

    // Copies `count` < `width` floats and zero-fills the run up to `width` (a multiple of 4), never reading past `count`.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyPartialRun(float* s, float* d, int count, int width)
    {
        int j = 0;
        if (Avx512F.IsSupported && Vector512.IsHardwareAccelerated)
        {
            for (; j + 16 <= width; j += 16)
            {
                var mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count - j)).AsSingle();
                Vector512.Store(Avx512F.MaskLoad(s + j, mask, Vector512<float>.Zero), d + j);
            }
        }
        if (Avx.IsSupported)
        {
            for (; j + 8 <= width; j += 8)
                Vector256.Store(Avx.MaskLoad(s + j, Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count - j)).AsSingle()), d + j);
        }
        for (; j < width; j++) d[j] = j < count ? s[j] : 0f;
    }

    // Writes the transpose of the 8 × 8 block with rows r0 … r7: row c of the result, at dst + c·stride, is
    // element c of each row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* r0, float* r1, float* r2, float* r3, float* r4, float* r5, float* r6, float* r7,
        float* dst, nint stride)
    {
        Vector256<float> t0 = Avx.UnpackLow(Avx.LoadVector256(r0), Avx.LoadVector256(r1));
        Vector256<float> t1 = Avx.UnpackHigh(Avx.LoadVector256(r0), Avx.LoadVector256(r1));
        Vector256<float> t2 = Avx.UnpackLow(Avx.LoadVector256(r2), Avx.LoadVector256(r3));
        Vector256<float> t3 = Avx.UnpackHigh(Avx.LoadVector256(r2), Avx.LoadVector256(r3));
        Vector256<float> t4 = Avx.UnpackLow(Avx.LoadVector256(r4), Avx.LoadVector256(r5));
        Vector256<float> t5 = Avx.UnpackHigh(Avx.LoadVector256(r4), Avx.LoadVector256(r5));
        Vector256<float> t6 = Avx.UnpackLow(Avx.LoadVector256(r6), Avx.LoadVector256(r7));
        Vector256<float> t7 = Avx.UnpackHigh(Avx.LoadVector256(r6), Avx.LoadVector256(r7));
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + stride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + 2 * stride, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + 3 * stride, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + 4 * stride, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + 5 * stride, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + 6 * stride, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + 7 * stride, Avx.Permute2x128(s3, s7, 0x31));
    }

    // The 4 × 4 version, with 128-bit vectors.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4(float* r0, float* r1, float* r2, float* r3, float* dst, nint stride)
    {
        Vector128<float> t0 = Sse.UnpackLow(Sse.LoadVector128(r0), Sse.LoadVector128(r1));
        Vector128<float> t1 = Sse.UnpackHigh(Sse.LoadVector128(r0), Sse.LoadVector128(r1));
        Vector128<float> t2 = Sse.UnpackLow(Sse.LoadVector128(r2), Sse.LoadVector128(r3));
        Vector128<float> t3 = Sse.UnpackHigh(Sse.LoadVector128(r2), Sse.LoadVector128(r3));
        Sse.Store(dst, Sse.MoveLowToHigh(t0, t2));
        Sse.Store(dst + stride, Sse.MoveHighToLow(t2, t0));
        Sse.Store(dst + 2 * stride, Sse.MoveLowToHigh(t1, t3));
        Sse.Store(dst + 3 * stride, Sse.MoveHighToLow(t3, t1));
    }
}
