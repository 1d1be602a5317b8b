using System.Runtime.CompilerServices;

namespace DiyNet.Kernels;

/// <summary>
/// Kernels of the unpacked row path: one row of C times B (not transposed), read in place, as when a network runs
/// on a single example. Same arithmetic per element as the tile kernels.
/// </summary>
internal static unsafe class GemmRowKernel
{
    /// <summary>
    /// c[0 .. 4·width) ← store(Σ_p a[p·aStep]·b[p·ldb + ·]) over <paramref name="kc"/> steps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Strip4<TOps, TVec>(int kc, float* a, nint aStep, float* b, nint ldb, float* c, float alpha, GemmTileStore mode)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int w = TOps.Width;
        TVec s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
        for (int p = 0; p < kc; p++)
        {
            TVec av = TOps.Broadcast(*a);
            s0 = TOps.MultiplyAdd(av, TOps.Load(b), s0);
            s1 = TOps.MultiplyAdd(av, TOps.Load(b + w), s1);
            s2 = TOps.MultiplyAdd(av, TOps.Load(b + 2 * w), s2);
            s3 = TOps.MultiplyAdd(av, TOps.Load(b + 3 * w), s3);
            a += aStep;
            b += ldb;
        }
        Store<TOps, TVec>(c, s0, w, alpha, mode);
        Store<TOps, TVec>(c + w, s1, w, alpha, mode);
        Store<TOps, TVec>(c + 2 * w, s2, w, alpha, mode);
        Store<TOps, TVec>(c + 3 * w, s3, w, alpha, mode);
    }

    /// <summary>The same for one vector of <paramref name="count"/> ≤ width columns (partial loads and stores).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Strip1<TOps, TVec>(int kc, float* a, nint aStep, float* b, nint ldb, float* c, int count, float alpha, GemmTileStore mode)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int w = TOps.Width;
        TVec s = TOps.Zero;
        if (count == w)
            for (int p = 0; p < kc; p++, a += aStep, b += ldb) s = TOps.MultiplyAdd(TOps.Broadcast(*a), TOps.Load(b), s);
        else
            for (int p = 0; p < kc; p++, a += aStep, b += ldb) s = TOps.MultiplyAdd(TOps.Broadcast(*a), TOps.LoadPartial(b, count), s);
        Store<TOps, TVec>(c, s, count, alpha, mode);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TOps, TVec>(float* c, TVec s, int count, float alpha, GemmTileStore mode)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        TVec al = TOps.Broadcast(alpha);
        bool full = count == TOps.Width;
        TVec old = mode == GemmTileStore.Accumulate ? (full ? TOps.Load(c) : TOps.LoadPartial(c, count)) : TOps.Zero;
        TVec value = TOps.MultiplyAdd(al, s, old);
        if (full) TOps.Store(c, value);
        else TOps.StorePartial(c, value, count);
    }
}
