using System.Runtime.CompilerServices;

namespace DiyNet.Kernels;

/// <summary>
/// The register-tile kernels of the managed matrix multiply, written once over <see cref="ISimdOps{TVec}"/> and
/// specialized by the JIT for each vector width: 8 × 32 tiles with AVX-512, 4 × 16 with AVX2, 4 × 8 on the
/// portable 128-bit rung; the one-vector-wide variants serve panels of at most one vector of columns.
/// </summary>
internal static unsafe class GemmMicroKernel
{
    /// <summary>
    /// Runs the tile kernel of the width <typeparamref name="TOps"/> (its <c>TileRows</c> rows), two vectors wide,
    /// or one when <paramref name="narrow"/> (the B panel is still two vectors wide in memory).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Tile<TOps, TVec>(int kc, float* a, float* b, float* c, nint ldc, float alpha, GemmStore store, bool narrow)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        if (TOps.TileRows == 8)
        {
            if (narrow) Tile8x1<TOps, TVec>(kc, a, b, c, ldc, alpha, store);
            else Tile8x2<TOps, TVec>(kc, a, b, c, ldc, alpha, store);
        }
        else
        {
            if (narrow) Tile4x1<TOps, TVec>(kc, a, b, c, ldc, alpha, store);
            else Tile4x2<TOps, TVec>(kc, a, b, c, ldc, alpha, store);
        }
    }

    /// <summary>
    /// The 8 × (2·width) micro-kernel: acc = Σ_p a[p]·b[p] over <paramref name="kc"/> steps, from a packed A
    /// micro-panel (8 floats per step) and a packed B micro-panel (2·width floats per step), then stored by
    /// <paramref name="store"/>. Each accumulator lane is one fused multiply-add chain in p order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Tile8x2<TOps, TVec>(int kc, float* a, float* b, float* c, nint ldc, float alpha, GemmStore store)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int w = TOps.Width;
        TVec z = TOps.Zero;
        TVec c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TOps.Load(b), b1 = TOps.Load(b + w);
            TVec a0 = TOps.Broadcast(a[0]);
            c00 = TOps.MultiplyAdd(a0, b0, c00);
            c01 = TOps.MultiplyAdd(a0, b1, c01);
            TVec a1 = TOps.Broadcast(a[1]);
            c10 = TOps.MultiplyAdd(a1, b0, c10);
            c11 = TOps.MultiplyAdd(a1, b1, c11);
            TVec a2 = TOps.Broadcast(a[2]);
            c20 = TOps.MultiplyAdd(a2, b0, c20);
            c21 = TOps.MultiplyAdd(a2, b1, c21);
            TVec a3 = TOps.Broadcast(a[3]);
            c30 = TOps.MultiplyAdd(a3, b0, c30);
            c31 = TOps.MultiplyAdd(a3, b1, c31);
            TVec a4 = TOps.Broadcast(a[4]);
            c40 = TOps.MultiplyAdd(a4, b0, c40);
            c41 = TOps.MultiplyAdd(a4, b1, c41);
            TVec a5 = TOps.Broadcast(a[5]);
            c50 = TOps.MultiplyAdd(a5, b0, c50);
            c51 = TOps.MultiplyAdd(a5, b1, c51);
            TVec a6 = TOps.Broadcast(a[6]);
            c60 = TOps.MultiplyAdd(a6, b0, c60);
            c61 = TOps.MultiplyAdd(a6, b1, c61);
            TVec a7 = TOps.Broadcast(a[7]);
            c70 = TOps.MultiplyAdd(a7, b0, c70);
            c71 = TOps.MultiplyAdd(a7, b1, c71);
            a += 8;
            b += 2 * w;
        }
        store.Vector<TOps, TVec>(c, c00, alpha, 0);
        store.Vector<TOps, TVec>(c + w, c01, alpha, w);
        store.Vector<TOps, TVec>(c + 1 * ldc, c10, alpha, 0);
        store.Vector<TOps, TVec>(c + 1 * ldc + w, c11, alpha, w);
        store.Vector<TOps, TVec>(c + 2 * ldc, c20, alpha, 0);
        store.Vector<TOps, TVec>(c + 2 * ldc + w, c21, alpha, w);
        store.Vector<TOps, TVec>(c + 3 * ldc, c30, alpha, 0);
        store.Vector<TOps, TVec>(c + 3 * ldc + w, c31, alpha, w);
        store.Vector<TOps, TVec>(c + 4 * ldc, c40, alpha, 0);
        store.Vector<TOps, TVec>(c + 4 * ldc + w, c41, alpha, w);
        store.Vector<TOps, TVec>(c + 5 * ldc, c50, alpha, 0);
        store.Vector<TOps, TVec>(c + 5 * ldc + w, c51, alpha, w);
        store.Vector<TOps, TVec>(c + 6 * ldc, c60, alpha, 0);
        store.Vector<TOps, TVec>(c + 6 * ldc + w, c61, alpha, w);
        store.Vector<TOps, TVec>(c + 7 * ldc, c70, alpha, 0);
        store.Vector<TOps, TVec>(c + 7 * ldc + w, c71, alpha, w);
    }

    /// <summary>
    /// The 8 × (width) micro-kernel: acc = Σ_p a[p]·b[p] over <paramref name="kc"/> steps, from a packed A
    /// micro-panel (8 floats per step) and a packed B micro-panel (2·width floats per step, of which the first width are used), then stored by
    /// <paramref name="store"/>. Each accumulator lane is one fused multiply-add chain in p order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Tile8x1<TOps, TVec>(int kc, float* a, float* b, float* c, nint ldc, float alpha, GemmStore store)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int w = TOps.Width;
        TVec z = TOps.Zero;
        TVec c00 = z, c10 = z, c20 = z, c30 = z, c40 = z, c50 = z, c60 = z, c70 = z;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TOps.Load(b);
            TVec a0 = TOps.Broadcast(a[0]);
            c00 = TOps.MultiplyAdd(a0, b0, c00);
            TVec a1 = TOps.Broadcast(a[1]);
            c10 = TOps.MultiplyAdd(a1, b0, c10);
            TVec a2 = TOps.Broadcast(a[2]);
            c20 = TOps.MultiplyAdd(a2, b0, c20);
            TVec a3 = TOps.Broadcast(a[3]);
            c30 = TOps.MultiplyAdd(a3, b0, c30);
            TVec a4 = TOps.Broadcast(a[4]);
            c40 = TOps.MultiplyAdd(a4, b0, c40);
            TVec a5 = TOps.Broadcast(a[5]);
            c50 = TOps.MultiplyAdd(a5, b0, c50);
            TVec a6 = TOps.Broadcast(a[6]);
            c60 = TOps.MultiplyAdd(a6, b0, c60);
            TVec a7 = TOps.Broadcast(a[7]);
            c70 = TOps.MultiplyAdd(a7, b0, c70);
            a += 8;
            b += 2 * w;
        }
        store.Vector<TOps, TVec>(c, c00, alpha, 0);
        store.Vector<TOps, TVec>(c + 1 * ldc, c10, alpha, 0);
        store.Vector<TOps, TVec>(c + 2 * ldc, c20, alpha, 0);
        store.Vector<TOps, TVec>(c + 3 * ldc, c30, alpha, 0);
        store.Vector<TOps, TVec>(c + 4 * ldc, c40, alpha, 0);
        store.Vector<TOps, TVec>(c + 5 * ldc, c50, alpha, 0);
        store.Vector<TOps, TVec>(c + 6 * ldc, c60, alpha, 0);
        store.Vector<TOps, TVec>(c + 7 * ldc, c70, alpha, 0);
    }

    /// <summary>
    /// The 4 × (2·width) micro-kernel: acc = Σ_p a[p]·b[p] over <paramref name="kc"/> steps, from a packed A
    /// micro-panel (4 floats per step) and a packed B micro-panel (2·width floats per step), then stored by
    /// <paramref name="store"/>. Each accumulator lane is one fused multiply-add chain in p order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Tile4x2<TOps, TVec>(int kc, float* a, float* b, float* c, nint ldc, float alpha, GemmStore store)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int w = TOps.Width;
        TVec z = TOps.Zero;
        TVec c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TOps.Load(b), b1 = TOps.Load(b + w);
            TVec a0 = TOps.Broadcast(a[0]);
            c00 = TOps.MultiplyAdd(a0, b0, c00);
            c01 = TOps.MultiplyAdd(a0, b1, c01);
            TVec a1 = TOps.Broadcast(a[1]);
            c10 = TOps.MultiplyAdd(a1, b0, c10);
            c11 = TOps.MultiplyAdd(a1, b1, c11);
            TVec a2 = TOps.Broadcast(a[2]);
            c20 = TOps.MultiplyAdd(a2, b0, c20);
            c21 = TOps.MultiplyAdd(a2, b1, c21);
            TVec a3 = TOps.Broadcast(a[3]);
            c30 = TOps.MultiplyAdd(a3, b0, c30);
            c31 = TOps.MultiplyAdd(a3, b1, c31);
            a += 4;
            b += 2 * w;
        }
        store.Vector<TOps, TVec>(c, c00, alpha, 0);
        store.Vector<TOps, TVec>(c + w, c01, alpha, w);
        store.Vector<TOps, TVec>(c + 1 * ldc, c10, alpha, 0);
        store.Vector<TOps, TVec>(c + 1 * ldc + w, c11, alpha, w);
        store.Vector<TOps, TVec>(c + 2 * ldc, c20, alpha, 0);
        store.Vector<TOps, TVec>(c + 2 * ldc + w, c21, alpha, w);
        store.Vector<TOps, TVec>(c + 3 * ldc, c30, alpha, 0);
        store.Vector<TOps, TVec>(c + 3 * ldc + w, c31, alpha, w);
    }

    /// <summary>
    /// The 4 × (width) micro-kernel: acc = Σ_p a[p]·b[p] over <paramref name="kc"/> steps, from a packed A
    /// micro-panel (4 floats per step) and a packed B micro-panel (2·width floats per step, of which the first width are used), then stored by
    /// <paramref name="store"/>. Each accumulator lane is one fused multiply-add chain in p order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Tile4x1<TOps, TVec>(int kc, float* a, float* b, float* c, nint ldc, float alpha, GemmStore store)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int w = TOps.Width;
        TVec z = TOps.Zero;
        TVec c00 = z, c10 = z, c20 = z, c30 = z;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TOps.Load(b);
            TVec a0 = TOps.Broadcast(a[0]);
            c00 = TOps.MultiplyAdd(a0, b0, c00);
            TVec a1 = TOps.Broadcast(a[1]);
            c10 = TOps.MultiplyAdd(a1, b0, c10);
            TVec a2 = TOps.Broadcast(a[2]);
            c20 = TOps.MultiplyAdd(a2, b0, c20);
            TVec a3 = TOps.Broadcast(a[3]);
            c30 = TOps.MultiplyAdd(a3, b0, c30);
            a += 4;
            b += 2 * w;
        }
        store.Vector<TOps, TVec>(c, c00, alpha, 0);
        store.Vector<TOps, TVec>(c + 1 * ldc, c10, alpha, 0);
        store.Vector<TOps, TVec>(c + 2 * ldc, c20, alpha, 0);
        store.Vector<TOps, TVec>(c + 3 * ldc, c30, alpha, 0);
    }
}
