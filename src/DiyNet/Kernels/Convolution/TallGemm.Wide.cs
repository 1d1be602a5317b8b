using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

// The 512-bit tiles of TallGemm, for whole 16-column blocks where AVX-512 is available.
internal static unsafe partial class TallGemm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Mad(float a, Vector512<float> b, Vector512<float> c) =>
        Vector512.FusedMultiplyAdd(Vector512.Create(a), b, c);

    // 8 rows × 16 columns in 512-bit registers (full columns only): half the instructions of two 256-bit vectors.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows8x16Wide<TA>(TA a, int m, int k, float* b, int ldb, float* bias, float* c, int ldc)
        where TA : struct, ITallRows
    {
        var init = bias == null ? Vector512<float>.Zero : Vector512.Load(bias);
        int i = 0;
        for (; i + 8 <= m; i += 8)
        {
            Vector512<float> c0 = init, c1 = init, c2 = init, c3 = init, c4 = init, c5 = init, c6 = init, c7 = init;
            float* r0 = a.Row(i), r1 = a.Row(i + 1), r2 = a.Row(i + 2), r3 = a.Row(i + 3);
            float* r4 = a.Row(i + 4), r5 = a.Row(i + 5), r6 = a.Row(i + 6), r7 = a.Row(i + 7);
            float* bp = b;
            for (int p = 0; p < k; p++, bp += ldb)
            {
                var w = Vector512.Load(bp);
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
            c0.Store(ci);
            c1.Store(ci + ldc);
            c2.Store(ci + 2 * ldc);
            c3.Store(ci + 3 * ldc);
            c4.Store(ci + 4 * ldc);
            c5.Store(ci + 5 * ldc);
            c6.Store(ci + 6 * ldc);
            c7.Store(ci + 7 * ldc);
        }
        for (; i < m; i++)
        {
            var c0 = init;
            float* ai = a.Row(i);
            float* bp = b;
            for (int p = 0; p < k; p++, bp += ldb) c0 = Mad(ai[a.Offset(p)], Vector512.Load(bp), c0);
            c0.Store(c + (long)i * ldc);
        }
    }

    // 8 taps × 16 columns in 512-bit registers (full columns only).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Taps8x16Wide<TA>(TA a, int t, int m, float* b, int ldb, float* c, int ldc)
        where TA : struct, ITallRows
    {
        int o0 = a.Offset(t), o1 = a.Offset(t + 1), o2 = a.Offset(t + 2), o3 = a.Offset(t + 3);
        int o4 = a.Offset(t + 4), o5 = a.Offset(t + 5), o6 = a.Offset(t + 6), o7 = a.Offset(t + 7);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        for (int r = 0; r < m; r++)
        {
            var d = Vector512.Load(b + (long)r * ldb);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo(float* c, Vector512<float> v) => (Vector512.Load(c) + v).Store(c);
}
