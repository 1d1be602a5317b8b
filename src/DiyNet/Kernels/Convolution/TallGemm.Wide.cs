using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

// The 512-bit tiles of TallGemm, for whole 16- and 32-column blocks where AVX-512 is available.
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

    // 8 rows × 32 columns in 512-bit registers (full columns only): two vectors per broadcast, so that the loads (one
    // broadcast per row and step) no longer bound the fused multiply-adds. Same chains as Rows8x16Wide.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows8x32Wide<TA>(TA a, int m, int k, float* b, int ldb, float* bias, float* c, int ldc)
        where TA : struct, ITallRows
    {
        var initLow = bias == null ? Vector512<float>.Zero : Vector512.Load(bias);
        var initHigh = bias == null ? Vector512<float>.Zero : Vector512.Load(bias + 16);
        int i = 0;
        for (; i + 8 <= m; i += 8)
        {
            Vector512<float> c0 = initLow, c1 = initLow, c2 = initLow, c3 = initLow, c4 = initLow, c5 = initLow, c6 = initLow, c7 = initLow;
            Vector512<float> d0 = initHigh, d1 = initHigh, d2 = initHigh, d3 = initHigh, d4 = initHigh, d5 = initHigh, d6 = initHigh, d7 = initHigh;
            float* r0 = a.Row(i), r1 = a.Row(i + 1), r2 = a.Row(i + 2), r3 = a.Row(i + 3);
            float* r4 = a.Row(i + 4), r5 = a.Row(i + 5), r6 = a.Row(i + 6), r7 = a.Row(i + 7);
            float* bp = b;
            for (int p = 0; p < k; p++, bp += ldb)
            {
                var w0 = Vector512.Load(bp);
                var w1 = Vector512.Load(bp + 16);
                int o = a.Offset(p);
                var x = Vector512.Create(r0[o]);
                c0 = Vector512.FusedMultiplyAdd(x, w0, c0);
                d0 = Vector512.FusedMultiplyAdd(x, w1, d0);
                x = Vector512.Create(r1[o]);
                c1 = Vector512.FusedMultiplyAdd(x, w0, c1);
                d1 = Vector512.FusedMultiplyAdd(x, w1, d1);
                x = Vector512.Create(r2[o]);
                c2 = Vector512.FusedMultiplyAdd(x, w0, c2);
                d2 = Vector512.FusedMultiplyAdd(x, w1, d2);
                x = Vector512.Create(r3[o]);
                c3 = Vector512.FusedMultiplyAdd(x, w0, c3);
                d3 = Vector512.FusedMultiplyAdd(x, w1, d3);
                x = Vector512.Create(r4[o]);
                c4 = Vector512.FusedMultiplyAdd(x, w0, c4);
                d4 = Vector512.FusedMultiplyAdd(x, w1, d4);
                x = Vector512.Create(r5[o]);
                c5 = Vector512.FusedMultiplyAdd(x, w0, c5);
                d5 = Vector512.FusedMultiplyAdd(x, w1, d5);
                x = Vector512.Create(r6[o]);
                c6 = Vector512.FusedMultiplyAdd(x, w0, c6);
                d6 = Vector512.FusedMultiplyAdd(x, w1, d6);
                x = Vector512.Create(r7[o]);
                c7 = Vector512.FusedMultiplyAdd(x, w0, c7);
                d7 = Vector512.FusedMultiplyAdd(x, w1, d7);
            }
            float* ci = c + (long)i * ldc;
            c0.Store(ci);
            d0.Store(ci + 16);
            c1.Store(ci + ldc);
            d1.Store(ci + ldc + 16);
            c2.Store(ci + 2 * ldc);
            d2.Store(ci + 2 * ldc + 16);
            c3.Store(ci + 3 * ldc);
            d3.Store(ci + 3 * ldc + 16);
            c4.Store(ci + 4 * ldc);
            d4.Store(ci + 4 * ldc + 16);
            c5.Store(ci + 5 * ldc);
            d5.Store(ci + 5 * ldc + 16);
            c6.Store(ci + 6 * ldc);
            d6.Store(ci + 6 * ldc + 16);
            c7.Store(ci + 7 * ldc);
            d7.Store(ci + 7 * ldc + 16);
        }
        for (; i < m; i++)
        {
            var c0 = initLow;
            var d0 = initHigh;
            float* ai = a.Row(i);
            float* bp = b;
            for (int p = 0; p < k; p++, bp += ldb)
            {
                var x = Vector512.Create(ai[a.Offset(p)]);
                c0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(bp), c0);
                d0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(bp + 16), d0);
            }
            c0.Store(c + (long)i * ldc);
            d0.Store(c + (long)i * ldc + 16);
        }
    }

    // 8 taps × 32 columns in 512-bit registers (full columns only): two vectors of δ per broadcast. Same chains as
    // Taps8x16Wide.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Taps8x32Wide<TA>(TA a, int t, int m, float* b, int ldb, float* c, int ldc)
        where TA : struct, ITallRows
    {
        int o0 = a.Offset(t), o1 = a.Offset(t + 1), o2 = a.Offset(t + 2), o3 = a.Offset(t + 3);
        int o4 = a.Offset(t + 4), o5 = a.Offset(t + 5), o6 = a.Offset(t + 6), o7 = a.Offset(t + 7);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        Vector512<float> e0 = default, e1 = default, e2 = default, e3 = default, e4 = default, e5 = default, e6 = default, e7 = default;
        for (int r = 0; r < m; r++)
        {
            float* br = b + (long)r * ldb;
            var d = Vector512.Load(br);
            var f = Vector512.Load(br + 16);
            float* ar = a.Row(r);
            var x = Vector512.Create(ar[o0]);
            c0 = Vector512.FusedMultiplyAdd(x, d, c0);
            e0 = Vector512.FusedMultiplyAdd(x, f, e0);
            x = Vector512.Create(ar[o1]);
            c1 = Vector512.FusedMultiplyAdd(x, d, c1);
            e1 = Vector512.FusedMultiplyAdd(x, f, e1);
            x = Vector512.Create(ar[o2]);
            c2 = Vector512.FusedMultiplyAdd(x, d, c2);
            e2 = Vector512.FusedMultiplyAdd(x, f, e2);
            x = Vector512.Create(ar[o3]);
            c3 = Vector512.FusedMultiplyAdd(x, d, c3);
            e3 = Vector512.FusedMultiplyAdd(x, f, e3);
            x = Vector512.Create(ar[o4]);
            c4 = Vector512.FusedMultiplyAdd(x, d, c4);
            e4 = Vector512.FusedMultiplyAdd(x, f, e4);
            x = Vector512.Create(ar[o5]);
            c5 = Vector512.FusedMultiplyAdd(x, d, c5);
            e5 = Vector512.FusedMultiplyAdd(x, f, e5);
            x = Vector512.Create(ar[o6]);
            c6 = Vector512.FusedMultiplyAdd(x, d, c6);
            e6 = Vector512.FusedMultiplyAdd(x, f, e6);
            x = Vector512.Create(ar[o7]);
            c7 = Vector512.FusedMultiplyAdd(x, d, c7);
            e7 = Vector512.FusedMultiplyAdd(x, f, e7);
        }
        AddTo(c, c0);
        AddTo(c + 16, e0);
        AddTo(c + ldc, c1);
        AddTo(c + ldc + 16, e1);
        AddTo(c + 2 * ldc, c2);
        AddTo(c + 2 * ldc + 16, e2);
        AddTo(c + 3 * ldc, c3);
        AddTo(c + 3 * ldc + 16, e3);
        AddTo(c + 4 * ldc, c4);
        AddTo(c + 4 * ldc + 16, e4);
        AddTo(c + 5 * ldc, c5);
        AddTo(c + 5 * ldc + 16, e5);
        AddTo(c + 6 * ldc, c6);
        AddTo(c + 6 * ldc + 16, e6);
        AddTo(c + 7 * ldc, c7);
        AddTo(c + 7 * ldc + 16, e7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo(float* c, Vector512<float> v) => (Vector512.Load(c) + v).Store(c);
}
