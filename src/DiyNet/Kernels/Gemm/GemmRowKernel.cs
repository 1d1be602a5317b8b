using System.Runtime.CompilerServices;

namespace DiyNet.Kernels;

/// <summary>
/// Kernels of the unpacked row path: one row of C times B (not transposed), read in place, as when a network runs
/// on a single example. Same arithmetic per element as the tile kernels.
/// </summary>
internal static unsafe class GemmRowKernel
{
    /// <summary>
    /// c[0 .. 16·width) ← store(Σ_p a[p·aStep]·b[p·ldb + ·]) over <paramref name="kc"/> steps: whole rows of B
    /// read in order, which streams best.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Strip16<TOps, TVec>(int kc, float* a, nint aStep, float* b, nint ldb, float* c, float alpha, GemmStore store)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int w = TOps.Width;
        TVec z = TOps.Zero;
        TVec s0 = z, s1 = z, s2 = z, s3 = z, s4 = z, s5 = z, s6 = z, s7 = z, s8 = z, s9 = z, s10 = z, s11 = z, s12 = z, s13 = z, s14 = z, s15 = z;
        for (int p = 0; p < kc; p++)
        {
            TVec av = TOps.Broadcast(*a);
            s0 = TOps.MultiplyAdd(av, TOps.Load(b), s0);
            s1 = TOps.MultiplyAdd(av, TOps.Load(b + 1 * w), s1);
            s2 = TOps.MultiplyAdd(av, TOps.Load(b + 2 * w), s2);
            s3 = TOps.MultiplyAdd(av, TOps.Load(b + 3 * w), s3);
            s4 = TOps.MultiplyAdd(av, TOps.Load(b + 4 * w), s4);
            s5 = TOps.MultiplyAdd(av, TOps.Load(b + 5 * w), s5);
            s6 = TOps.MultiplyAdd(av, TOps.Load(b + 6 * w), s6);
            s7 = TOps.MultiplyAdd(av, TOps.Load(b + 7 * w), s7);
            s8 = TOps.MultiplyAdd(av, TOps.Load(b + 8 * w), s8);
            s9 = TOps.MultiplyAdd(av, TOps.Load(b + 9 * w), s9);
            s10 = TOps.MultiplyAdd(av, TOps.Load(b + 10 * w), s10);
            s11 = TOps.MultiplyAdd(av, TOps.Load(b + 11 * w), s11);
            s12 = TOps.MultiplyAdd(av, TOps.Load(b + 12 * w), s12);
            s13 = TOps.MultiplyAdd(av, TOps.Load(b + 13 * w), s13);
            s14 = TOps.MultiplyAdd(av, TOps.Load(b + 14 * w), s14);
            s15 = TOps.MultiplyAdd(av, TOps.Load(b + 15 * w), s15);
            a += aStep;
            b += ldb;
        }
        store.Partial<TOps, TVec>(c, s0, alpha, 0, w);
        store.Partial<TOps, TVec>(c + 1 * w, s1, alpha, 1 * w, w);
        store.Partial<TOps, TVec>(c + 2 * w, s2, alpha, 2 * w, w);
        store.Partial<TOps, TVec>(c + 3 * w, s3, alpha, 3 * w, w);
        store.Partial<TOps, TVec>(c + 4 * w, s4, alpha, 4 * w, w);
        store.Partial<TOps, TVec>(c + 5 * w, s5, alpha, 5 * w, w);
        store.Partial<TOps, TVec>(c + 6 * w, s6, alpha, 6 * w, w);
        store.Partial<TOps, TVec>(c + 7 * w, s7, alpha, 7 * w, w);
        store.Partial<TOps, TVec>(c + 8 * w, s8, alpha, 8 * w, w);
        store.Partial<TOps, TVec>(c + 9 * w, s9, alpha, 9 * w, w);
        store.Partial<TOps, TVec>(c + 10 * w, s10, alpha, 10 * w, w);
        store.Partial<TOps, TVec>(c + 11 * w, s11, alpha, 11 * w, w);
        store.Partial<TOps, TVec>(c + 12 * w, s12, alpha, 12 * w, w);
        store.Partial<TOps, TVec>(c + 13 * w, s13, alpha, 13 * w, w);
        store.Partial<TOps, TVec>(c + 14 * w, s14, alpha, 14 * w, w);
        store.Partial<TOps, TVec>(c + 15 * w, s15, alpha, 15 * w, w);
    }

    /// <summary>
    /// c[0 .. 8·width) ← store(Σ_p a[p·aStep]·b[p·ldb + ·]) over <paramref name="kc"/> steps: eight independent
    /// chains, enough to keep the fused multiply-adds busy while B streams in.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Strip8<TOps, TVec>(int kc, float* a, nint aStep, float* b, nint ldb, float* c, float alpha, GemmStore store)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int w = TOps.Width;
        TVec z = TOps.Zero;
        TVec s0 = z, s1 = z, s2 = z, s3 = z, s4 = z, s5 = z, s6 = z, s7 = z;
        for (int p = 0; p < kc; p++)
        {
            TVec av = TOps.Broadcast(*a);
            s0 = TOps.MultiplyAdd(av, TOps.Load(b), s0);
            s1 = TOps.MultiplyAdd(av, TOps.Load(b + w), s1);
            s2 = TOps.MultiplyAdd(av, TOps.Load(b + 2 * w), s2);
            s3 = TOps.MultiplyAdd(av, TOps.Load(b + 3 * w), s3);
            s4 = TOps.MultiplyAdd(av, TOps.Load(b + 4 * w), s4);
            s5 = TOps.MultiplyAdd(av, TOps.Load(b + 5 * w), s5);
            s6 = TOps.MultiplyAdd(av, TOps.Load(b + 6 * w), s6);
            s7 = TOps.MultiplyAdd(av, TOps.Load(b + 7 * w), s7);
            a += aStep;
            b += ldb;
        }
        store.Partial<TOps, TVec>(c, s0, alpha, 0, w);
        store.Partial<TOps, TVec>(c + w, s1, alpha, w, w);
        store.Partial<TOps, TVec>(c + 2 * w, s2, alpha, 2 * w, w);
        store.Partial<TOps, TVec>(c + 3 * w, s3, alpha, 3 * w, w);
        store.Partial<TOps, TVec>(c + 4 * w, s4, alpha, 4 * w, w);
        store.Partial<TOps, TVec>(c + 5 * w, s5, alpha, 5 * w, w);
        store.Partial<TOps, TVec>(c + 6 * w, s6, alpha, 6 * w, w);
        store.Partial<TOps, TVec>(c + 7 * w, s7, alpha, 7 * w, w);
    }

    /// <summary>
    /// c[0 .. 4·width) ← store(Σ_p a[p·aStep]·b[p·ldb + ·]) over <paramref name="kc"/> steps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Strip4<TOps, TVec>(int kc, float* a, nint aStep, float* b, nint ldb, float* c, float alpha, GemmStore store)
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
        store.Partial<TOps, TVec>(c, s0, alpha, 0, w);
        store.Partial<TOps, TVec>(c + w, s1, alpha, w, w);
        store.Partial<TOps, TVec>(c + 2 * w, s2, alpha, 2 * w, w);
        store.Partial<TOps, TVec>(c + 3 * w, s3, alpha, 3 * w, w);
    }

    /// <summary>The same for one vector of <paramref name="count"/> ≤ width columns (partial loads and stores).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Strip1<TOps, TVec>(int kc, float* a, nint aStep, float* b, nint ldb, float* c, int count, float alpha, GemmStore store)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int w = TOps.Width;
        TVec s = TOps.Zero;
        if (count == w)
            for (int p = 0; p < kc; p++, a += aStep, b += ldb) s = TOps.MultiplyAdd(TOps.Broadcast(*a), TOps.Load(b), s);
        else
            for (int p = 0; p < kc; p++, a += aStep, b += ldb) s = TOps.MultiplyAdd(TOps.Broadcast(*a), TOps.LoadPartial(b, count), s);
        store.Partial<TOps, TVec>(c, s, alpha, 0, count);
    }
}
