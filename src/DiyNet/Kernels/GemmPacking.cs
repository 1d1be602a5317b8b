using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DiyNet.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous micro-panel layout the tile kernels read, whatever the
/// transpose flags: A in panels of <c>mr</c> rows (mr floats per k-step), B in panels of <c>nr</c> columns
/// (nr floats per k-step). Rows and columns past the matrix edge are zero-filled, so edge tiles compute on zeros.
/// </summary>
internal static unsafe class GemmPacking
{
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
                if (rows == mr && mr == 8)
                    for (int p = 0; p < kc; p++) Vector256.Store(Vector256.Load(src + (nint)p * lda), panel + p * 8);
                else if (rows == mr && mr == 4)
                    for (int p = 0; p < kc; p++) Vector128.Store(Vector128.Load(src + (nint)p * lda), panel + p * 4);
                else
                    for (int p = 0; p < kc; p++)
                        for (int r = 0; r < mr; r++) panel[p * mr + r] = r < rows ? src[(nint)p * lda + r] : 0f;
            }
            else
            {
                // op(A)(i, p) = a[i·lda + p]: a transpose, 8 × 8 blocks at a time where AVX allows.
                float* src = a + (nint)(i0 + ir) * lda + p0;
                int p = 0;
                if (Avx.IsSupported && rows == 8 && mr == 8)
                    for (; p + 8 <= kc; p += 8) Transpose8x8(src + p, lda, panel + p * 8, 8);
                for (int r = 0; r < rows; r++)
                {
                    float* row = src + (nint)r * lda;
                    for (int q = p; q < kc; q++) panel[q * mr + r] = row[q];
                }
                for (int r = rows; r < mr; r++)
                    for (int q = p; q < kc; q++) panel[q * mr + r] = 0f;
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
                if (cols == nr) CopyRows(src, ldb, panel, nr, kc);
                else
                    for (int p = 0; p < kc; p++)
                    {
                        float* s = src + (nint)p * ldb;
                        float* d = panel + p * nr;
                        int j = 0;
                        for (; j < cols; j++) d[j] = s[j];
                        for (; j < nr; j++) d[j] = 0f;
                    }
            }
            else
            {
                // op(B)(p, j) = b[j·ldb + p]: a transpose, 8 × 8 blocks at a time where AVX allows.
                float* src = b + (nint)(j0 + jr) * ldb + p0;
                int j = 0;
                if (Avx.IsSupported)
                    for (; j + 8 <= cols; j += 8)
                    {
                        float* s8 = src + (nint)j * ldb;
                        int p = 0;
                        for (; p + 8 <= kc; p += 8) Transpose8x8(s8 + p, ldb, panel + p * nr + j, nr);
                        for (int jj = 0; jj < 8; jj++)
                            for (int q = p; q < kc; q++) panel[q * nr + j + jj] = s8[(nint)jj * ldb + q];
                    }
                for (; j < cols; j++)
                {
                    float* s = src + (nint)j * ldb;
                    for (int p = 0; p < kc; p++) panel[p * nr + j] = s[p];
                }
                for (j = cols; j < nr; j++)
                    for (int p = 0; p < kc; p++) panel[p * nr + j] = 0f;
            }
        }
    }

    // Writes the transpose of the 8 × 8 block at src (row stride ld): row r of the result, at dst + r·dstStride,
    // is column r of the block.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint ld, float* dst, nint dstStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(src), r1 = Avx.LoadVector256(src + ld);
        Vector256<float> r2 = Avx.LoadVector256(src + 2 * ld), r3 = Avx.LoadVector256(src + 3 * ld);
        Vector256<float> r4 = Avx.LoadVector256(src + 4 * ld), r5 = Avx.LoadVector256(src + 5 * ld);
        Vector256<float> r6 = Avx.LoadVector256(src + 6 * ld), r7 = Avx.LoadVector256(src + 7 * ld);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(s3, s7, 0x31));
    }

    // kc rows of `width` floats (a multiple of 8) from a strided source into a dense destination.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRows(float* src, int ld, float* dst, int width, int rows)
    {
        for (int p = 0; p < rows; p++)
        {
            float* s = src + (nint)p * ld;
            float* d = dst + p * width;
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; j + 16 <= width; j += 16) Vector512.Store(Vector512.Load(s + j), d + j);
            for (; j + 8 <= width; j += 8) Vector256.Store(Vector256.Load(s + j), d + j);
            for (; j < width; j++) d[j] = s[j];
        }
    }
}
