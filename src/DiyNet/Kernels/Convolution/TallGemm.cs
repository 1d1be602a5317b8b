using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FusedX86 = System.Runtime.Intrinsics.X86.Fma;

namespace DiyNet.Kernels;

/// <summary>
/// Products of a tall matrix (many rows) with a narrow one, in register tiles of 8 or 16 output columns: the shapes
/// of a convolution (im2col rows × a few output channels), where a general matrix multiply built for wide tiles
/// would compute mostly padding. AVX2 + FMA (whole 16- and 32-column blocks in 512-bit registers where AVX-512 is
/// there); each output lane is one fused multiply-add chain in k order, whatever the tile: the results do not depend
/// on the tile widths.
/// </summary>
internal static unsafe partial class TallGemm
{
    /// <summary>True when the kernels can run (AVX2 and FMA).</summary>
    public static bool IsSupported => Avx2.IsSupported && FusedX86.IsSupported;

    /// <summary><paramref name="n"/> rounded up to a whole number of 8-float vectors.</summary>
    public static int Padded(int n) => (n + 7) & ~7;

    /// <summary>
    /// <c>C[i, 0..n) = bias[0..n) + Σ_p A[i, p]·B[p, 0..n)</c> for i &lt; m (bias null: 0). B's rows are
    /// <paramref name="ldb"/> floats apart and, like the bias, readable up to <see cref="Padded"/>(n) values;
    /// exactly n values of each row of C are written.
    /// </summary>
    public static void Multiply(int m, int n, int k, float* a, int lda, float* b, int ldb, float* bias, float* c, int ldc) =>
        Multiply(new DenseRows(a, lda), m, n, k, b, ldb, bias, c, ldc);

    /// <summary><see cref="Multiply(int, int, int, float*, int, float*, int, float*, float*, int)"/> with A's rows read
    /// in place: row i starts at <c>rows[i]</c> and its element p is at <c>rows[i] + offsets[p]</c> (im2col without
    /// the copy).</summary>
    public static void MultiplyWindows(int m, int n, int k, float** rows, int* offsets, float* b, int ldb, float* bias, float* c, int ldc) =>
        Multiply(new WindowRows(rows, offsets), m, n, k, b, ldb, bias, c, ldc);

    private static void Multiply<TA>(TA a, int m, int n, int k, float* b, int ldb, float* bias, float* c, int ldc)
        where TA : struct, ITallRows
    {
        for (int j = 0; j < n;)
        {
            float* bj = bias == null ? null : bias + j;
            if (n - j >= 32 && Vector512.IsHardwareAccelerated)
            {
                // Two vectors of columns per tile: 16 fused multiply-adds per 10 loads instead of 8 per 9.
                Rows8x32Wide(a, m, k, b + j, ldb, bj, c + j, ldc);
                j += 32;
                continue;
            }
            int lanes = Math.Min(16, n - j);
            if (lanes == 16 && Vector512.IsHardwareAccelerated) Rows8x16Wide(a, m, k, b + j, ldb, bj, c + j, ldc);
            else if (lanes > 8) Rows4x16(a, m, k, b + j, ldb, bj, c + j, ldc, lanes);
            else Rows8x8(a, m, k, b + j, ldb, bj, c + j, ldc, lanes);
            j += 16;
        }
    }

    /// <summary>
    /// <c>C[t, 0..n) += Σ_r A[r, t]·B[r, 0..n)</c> for t &lt; k: the weight gradient <c>colsᵀ·δ</c>. k must be a multiple
    /// of 8 (A's extra columns read as they are, C's extra rows receive their products); exactly n values of each row
    /// of B are read; C's rows are <paramref name="ldc"/> floats apart and writable up to <see cref="Padded"/>(n).
    /// </summary>
    public static void AccumulateTransposed(int k, int n, int m, float* a, int lda, float* b, int ldb, float* c, int ldc) =>
        AccumulateTransposed(new DenseRows(a, lda), k, n, m, b, ldb, c, ldc);

    /// <summary><see cref="AccumulateTransposed(int, int, int, float*, int, float*, int, float*, int)"/> with A's rows
    /// read in place, as in <see cref="MultiplyWindows"/> (offsets has k entries).</summary>
    public static void AccumulateTransposedWindows(int k, int n, int m, float** rows, int* offsets, float* b, int ldb, float* c, int ldc) =>
        AccumulateTransposed(new WindowRows(rows, offsets), k, n, m, b, ldb, c, ldc);

    private static void AccumulateTransposed<TA>(TA a, int k, int n, int m, float* b, int ldb, float* c, int ldc)
        where TA : struct, ITallRows
    {
        for (int j = 0; j < n; j += 16)
        {
            int lanes = Math.Min(16, n - j);
            if (n - j >= 32 && Vector512.IsHardwareAccelerated)
            {
                for (int t = 0; t < k; t += 8) Taps8x32Wide(a, t, m, b + j, ldb, c + (long)t * ldc + j, ldc);
                j += 16;   // two blocks of 16 columns
            }
            else if (lanes == 16 && Vector512.IsHardwareAccelerated)
                for (int t = 0; t < k; t += 8) Taps8x16Wide(a, t, m, b + j, ldb, c + (long)t * ldc + j, ldc);
            else if (lanes > 8)
                for (int t = 0; t < k; t += 4) Taps4x16(a, t, m, b + j, ldb, c + (long)t * ldc + j, ldc, lanes);
            else
                for (int t = 0; t < k; t += 8) Taps8x8(a, t, m, b + j, ldb, c + (long)t * ldc + j, ldc, lanes);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Mask(int lanes) => Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(lanes)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* dst, Vector256<float> v, int lanes, Vector256<float> mask)
    {
        if (lanes >= 8) Avx.Store(dst, v);
        else Avx.MaskStore(dst, mask, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Load(float* src, int lanes, Vector256<float> mask) =>
        lanes >= 8 ? Avx.LoadVector256(src) : Avx.MaskLoad(src, mask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Mad(float a, Vector256<float> b, Vector256<float> c) =>
        FusedX86.MultiplyAdd(Vector256.Create(a), b, c);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows8x8<TA>(TA a, int m, int k, float* b, int ldb, float* bias, float* c, int ldc, int lanes)
        where TA : struct, ITallRows
    {
        var mask = Mask(lanes);
        var init = bias == null ? Vector256<float>.Zero : Avx.LoadVector256(bias);
        int i = 0;
        for (; i + 8 <= m; i += 8)
        {
            Vector256<float> c0 = init, c1 = init, c2 = init, c3 = init, c4 = init, c5 = init, c6 = init, c7 = init;
            float* r0 = a.Row(i), r1 = a.Row(i + 1), r2 = a.Row(i + 2), r3 = a.Row(i + 3);
            float* r4 = a.Row(i + 4), r5 = a.Row(i + 5), r6 = a.Row(i + 6), r7 = a.Row(i + 7);
            float* bp = b;
            for (int p = 0; p < k; p++, bp += ldb)
            {
                var w = Avx.LoadVector256(bp);
                int o = a.Offset(p);
                c0 = Mad(r0[o], w, c0);
                c1 = Mad(r1[o], w, c1);
                c2 = Mad(r2[o], w, c2);
                c3 = Mad(r3[o], w, c3);
                c4 = Mad(r4[o], w, c4);
                c5 = Mad(r5[o], w, c5);
                c6 = Mad(r6[o], w, c6);
                c7 = Mad(r7[o], w, c7);
            }
            float* ci = c + (long)i * ldc;
            Store(ci, c0, lanes, mask);
            Store(ci + ldc, c1, lanes, mask);
            Store(ci + 2 * ldc, c2, lanes, mask);
            Store(ci + 3 * ldc, c3, lanes, mask);
            Store(ci + 4 * ldc, c4, lanes, mask);
            Store(ci + 5 * ldc, c5, lanes, mask);
            Store(ci + 6 * ldc, c6, lanes, mask);
            Store(ci + 7 * ldc, c7, lanes, mask);
        }
        for (; i < m; i++)
        {
            var c0 = init;
            float* ai = a.Row(i);
            float* bp = b;
            for (int p = 0; p < k; p++, bp += ldb) c0 = Mad(ai[a.Offset(p)], Avx.LoadVector256(bp), c0);
            Store(c + (long)i * ldc, c0, lanes, mask);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows4x16<TA>(TA a, int m, int k, float* b, int ldb, float* bias, float* c, int ldc, int lanes)
        where TA : struct, ITallRows
    {
        var mask = Mask(lanes - 8);
        Vector256<float> init0 = bias == null ? Vector256<float>.Zero : Avx.LoadVector256(bias);
        Vector256<float> init1 = bias == null ? Vector256<float>.Zero : Avx.LoadVector256(bias + 8);
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            Vector256<float> c00 = init0, c01 = init1, c10 = init0, c11 = init1, c20 = init0, c21 = init1, c30 = init0, c31 = init1;
            float* r0 = a.Row(i), r1 = a.Row(i + 1), r2 = a.Row(i + 2), r3 = a.Row(i + 3);
            float* bp = b;
            for (int p = 0; p < k; p++, bp += ldb)
            {
                var w0 = Avx.LoadVector256(bp);
                var w1 = Avx.LoadVector256(bp + 8);
                int o = a.Offset(p);
                var x = Vector256.Create(r0[o]);
                c00 = FusedX86.MultiplyAdd(x, w0, c00);
                c01 = FusedX86.MultiplyAdd(x, w1, c01);
                x = Vector256.Create(r1[o]);
                c10 = FusedX86.MultiplyAdd(x, w0, c10);
                c11 = FusedX86.MultiplyAdd(x, w1, c11);
                x = Vector256.Create(r2[o]);
                c20 = FusedX86.MultiplyAdd(x, w0, c20);
                c21 = FusedX86.MultiplyAdd(x, w1, c21);
                x = Vector256.Create(r3[o]);
                c30 = FusedX86.MultiplyAdd(x, w0, c30);
                c31 = FusedX86.MultiplyAdd(x, w1, c31);
            }
            float* ci = c + (long)i * ldc;
            Avx.Store(ci, c00); Store(ci + 8, c01, lanes - 8, mask);
            Avx.Store(ci + ldc, c10); Store(ci + ldc + 8, c11, lanes - 8, mask);
            Avx.Store(ci + 2 * ldc, c20); Store(ci + 2 * ldc + 8, c21, lanes - 8, mask);
            Avx.Store(ci + 3 * ldc, c30); Store(ci + 3 * ldc + 8, c31, lanes - 8, mask);
        }
        for (; i < m; i++)
        {
            Vector256<float> c0 = init0, c1 = init1;
            float* ai = a.Row(i);
            float* bp = b;
            for (int p = 0; p < k; p++, bp += ldb)
            {
                var x = Vector256.Create(ai[a.Offset(p)]);
                c0 = FusedX86.MultiplyAdd(x, Avx.LoadVector256(bp), c0);
                c1 = FusedX86.MultiplyAdd(x, Avx.LoadVector256(bp + 8), c1);
            }
            float* ci = c + (long)i * ldc;
            Avx.Store(ci, c0);
            Store(ci + 8, c1, lanes - 8, mask);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Taps8x8<TA>(TA a, int t, int m, float* b, int ldb, float* c, int ldc, int lanes)
        where TA : struct, ITallRows
    {
        var mask = Mask(lanes);
        int o0 = a.Offset(t), o1 = a.Offset(t + 1), o2 = a.Offset(t + 2), o3 = a.Offset(t + 3);
        int o4 = a.Offset(t + 4), o5 = a.Offset(t + 5), o6 = a.Offset(t + 6), o7 = a.Offset(t + 7);
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        for (int r = 0; r < m; r++)
        {
            var d = Load(b + (long)r * ldb, lanes, mask);
            float* ar = a.Row(r);
            c0 = Mad(ar[o0], d, c0);
            c1 = Mad(ar[o1], d, c1);
            c2 = Mad(ar[o2], d, c2);
            c3 = Mad(ar[o3], d, c3);
            c4 = Mad(ar[o4], d, c4);
            c5 = Mad(ar[o5], d, c5);
            c6 = Mad(ar[o6], d, c6);
            c7 = Mad(ar[o7], d, c7);
        }
        AddTo(c, c0);
        AddTo(c + ldc, c1);
        AddTo(c + 2 * ldc, c2);
        AddTo(c + 3 * ldc, c3);
        AddTo(c + 4 * ldc, c4);
        AddTo(c + 5 * ldc, c5);
        AddTo(c + 6 * ldc, c6);
        AddTo(c + 7 * ldc, c7);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Taps4x16<TA>(TA a, int t, int m, float* b, int ldb, float* c, int ldc, int lanes)
        where TA : struct, ITallRows
    {
        var mask = Mask(lanes - 8);
        int o0 = a.Offset(t), o1 = a.Offset(t + 1), o2 = a.Offset(t + 2), o3 = a.Offset(t + 3);
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        for (int r = 0; r < m; r++)
        {
            float* br = b + (long)r * ldb;
            var d0 = Avx.LoadVector256(br);
            var d1 = Load(br + 8, lanes - 8, mask);
            float* ar = a.Row(r);
            var x = Vector256.Create(ar[o0]);
            c00 = FusedX86.MultiplyAdd(x, d0, c00);
            c01 = FusedX86.MultiplyAdd(x, d1, c01);
            x = Vector256.Create(ar[o1]);
            c10 = FusedX86.MultiplyAdd(x, d0, c10);
            c11 = FusedX86.MultiplyAdd(x, d1, c11);
            x = Vector256.Create(ar[o2]);
            c20 = FusedX86.MultiplyAdd(x, d0, c20);
            c21 = FusedX86.MultiplyAdd(x, d1, c21);
            x = Vector256.Create(ar[o3]);
            c30 = FusedX86.MultiplyAdd(x, d0, c30);
            c31 = FusedX86.MultiplyAdd(x, d1, c31);
        }
        AddTo(c, c00); AddTo(c + 8, c01);
        AddTo(c + ldc, c10); AddTo(c + ldc + 8, c11);
        AddTo(c + 2 * ldc, c20); AddTo(c + 2 * ldc + 8, c21);
        AddTo(c + 3 * ldc, c30); AddTo(c + 3 * ldc + 8, c31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo(float* c, Vector256<float> v) => Avx.Store(c, Avx.Add(Avx.LoadVector256(c), v));
}
