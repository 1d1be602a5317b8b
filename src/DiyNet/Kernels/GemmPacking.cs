using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
                // op(A)(i, p) = a[i·lda + p]: read each row forward, write it strided into the panel.
                float* src = a + (nint)(i0 + ir) * lda + p0;
                for (int r = 0; r < rows; r++)
                {
                    float* row = src + (nint)r * lda;
                    float* d = panel + r;
                    for (int p = 0; p < kc; p++) d[p * mr] = row[p];
                }
                for (int r = rows; r < mr; r++)
                    for (int p = 0; p < kc; p++) panel[p * mr + r] = 0f;
            }
        }
    }

    /// <summary>
    /// Packs op(B)[p0 .. p0+kc, j0 .. j0+nc] into <paramref name="dst"/>: panel q holds columns j0+q·nr … and is
    /// <c>kc·nr</c> floats long, element (p, j) at <c>p·nr + j</c>.
    /// </summary>
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
                // op(B)(p, j) = b[j·ldb + p]: read each column of op(B) (a row of b) forward, write it strided.
                float* src = b + (nint)(j0 + jr) * ldb + p0;
                for (int j = 0; j < cols; j++)
                {
                    float* s = src + (nint)j * ldb;
                    float* d = panel + j;
                    for (int p = 0; p < kc; p++) d[p * nr] = s[p];
                }
                for (int j = cols; j < nr; j++)
                    for (int p = 0; p < kc; p++) panel[p * nr + j] = 0f;
            }
        }
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
