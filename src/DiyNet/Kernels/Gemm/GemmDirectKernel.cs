using System.Runtime.CompilerServices;

namespace DiyNet.Kernels;

/// <summary>
/// The 8-row register tiles of <see cref="GemmMicroKernel"/> reading op(A) = A in place — eight rows of A, row stride
/// <c>lda</c>, instead of a packed micro-panel — for products whose A is not transposed (a layer's input): the
/// packing of A (a copy of the whole input per product, 3.2 MB for 1024 rows of 784 features) is skipped. The
/// values, their order and every fused multiply-add are those of the packed tile, so the results have the same bits.
/// </summary>
internal static unsafe class GemmDirectKernel
{
    /// <summary>
    /// <c>acc[r] = Σ_p A[r, p]·b[p]</c> for rows r = 0…7 of A (row r at <c>a + r·lda</c>) over <paramref name="kc"/>
    /// steps, from a packed B micro-panel (2·width floats per step), two vectors wide, or one when
    /// <paramref name="narrow"/>; then stored by <paramref name="store"/>. Each accumulator lane is one fused
    /// multiply-add chain in p order, as in <see cref="GemmMicroKernel.Tile8x2{TOps, TVec}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Tile<TOps, TVec>(int kc, float* a, nint lda, float* b, float* c, nint ldc, float alpha, GemmStore store, bool narrow)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        if (narrow) Tile8x1<TOps, TVec>(kc, a, lda, b, c, ldc, alpha, store);
        else Tile8x2<TOps, TVec>(kc, a, lda, b, c, ldc, alpha, store);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x2<TOps, TVec>(int kc, float* a, nint lda, float* b, float* c, nint ldc, float alpha, GemmStore store)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int w = TOps.Width;
        TVec z = TOps.Zero;
        TVec c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        // Rows 0–3 at r + {0, 1, 2, 3}·lda, rows 4–7 at r4 + the same: two pointers and two strides, so that every
        // address is one base plus a scaled index.
        float* r = a, r4 = a + 4 * lda;
        nint l2 = 2 * lda, l3 = 3 * lda;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TOps.Load(b), b1 = TOps.Load(b + w);
            TVec a0 = TOps.Broadcast(r[0]);
            c00 = TOps.MultiplyAdd(a0, b0, c00);
            c01 = TOps.MultiplyAdd(a0, b1, c01);
            TVec a1 = TOps.Broadcast(r[lda]);
            c10 = TOps.MultiplyAdd(a1, b0, c10);
            c11 = TOps.MultiplyAdd(a1, b1, c11);
            TVec a2 = TOps.Broadcast(r[l2]);
            c20 = TOps.MultiplyAdd(a2, b0, c20);
            c21 = TOps.MultiplyAdd(a2, b1, c21);
            TVec a3 = TOps.Broadcast(r[l3]);
            c30 = TOps.MultiplyAdd(a3, b0, c30);
            c31 = TOps.MultiplyAdd(a3, b1, c31);
            TVec a4 = TOps.Broadcast(r4[0]);
            c40 = TOps.MultiplyAdd(a4, b0, c40);
            c41 = TOps.MultiplyAdd(a4, b1, c41);
            TVec a5 = TOps.Broadcast(r4[lda]);
            c50 = TOps.MultiplyAdd(a5, b0, c50);
            c51 = TOps.MultiplyAdd(a5, b1, c51);
            TVec a6 = TOps.Broadcast(r4[l2]);
            c60 = TOps.MultiplyAdd(a6, b0, c60);
            c61 = TOps.MultiplyAdd(a6, b1, c61);
            TVec a7 = TOps.Broadcast(r4[l3]);
            c70 = TOps.MultiplyAdd(a7, b0, c70);
            c71 = TOps.MultiplyAdd(a7, b1, c71);
            r++;
            r4++;
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x1<TOps, TVec>(int kc, float* a, nint lda, float* b, float* c, nint ldc, float alpha, GemmStore store)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int w = TOps.Width;
        TVec z = TOps.Zero;
        TVec c00 = z, c10 = z, c20 = z, c30 = z, c40 = z, c50 = z, c60 = z, c70 = z;
        float* r = a, r4 = a + 4 * lda;
        nint l2 = 2 * lda, l3 = 3 * lda;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TOps.Load(b);
            c00 = TOps.MultiplyAdd(TOps.Broadcast(r[0]), b0, c00);
            c10 = TOps.MultiplyAdd(TOps.Broadcast(r[lda]), b0, c10);
            c20 = TOps.MultiplyAdd(TOps.Broadcast(r[l2]), b0, c20);
            c30 = TOps.MultiplyAdd(TOps.Broadcast(r[l3]), b0, c30);
            c40 = TOps.MultiplyAdd(TOps.Broadcast(r4[0]), b0, c40);
            c50 = TOps.MultiplyAdd(TOps.Broadcast(r4[lda]), b0, c50);
            c60 = TOps.MultiplyAdd(TOps.Broadcast(r4[l2]), b0, c60);
            c70 = TOps.MultiplyAdd(TOps.Broadcast(r4[l3]), b0, c70);
            r++;
            r4++;
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
}
