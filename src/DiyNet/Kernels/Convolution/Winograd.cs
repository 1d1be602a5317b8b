using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DiyNet.Kernels;

/// <summary>
/// A 3×3 convolution with stride 1 by Winograd's minimal filtering F(2×2, 3×3) (Lavin and Gray, 2016): each 2×2
/// block of output comes from a 4×4 tile of input as <c>Y = Aᵀ·[Σ_c (G·g·Gᵀ) ⊙ (Bᵀ·d·B)]·A</c>, so the products over
/// the channels become 16 matrix products of (tiles × C_in)·(C_in × C_out) — 16 multiply-adds per tile, channel in
/// and channel out, where the direct convolution needs 36: 2.25 times fewer.
/// </summary>
/// <remarks>
/// <para>The transforms, with the input tile d (4×4), the kernel g (3×3) and the output block Y (2×2):
/// <c>Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]</c>, <c>G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]</c>,
/// <c>Aᵀ = [1 1 1 0; 0 1 −1 −1]</c>. The kernel's transform U = G·g·Gᵀ is made once per set of weights
/// (<see cref="TransformWeights"/>); the products run on <see cref="ManagedGemm"/> with U packed.</para>
/// <para>The result is the convolution's up to rounding (the sums are regrouped: a few units in the last place of
/// the largest terms), not the direct kernels' bits; it does not depend on the batch, the thread count or the split
/// of the batch, since every image is transformed, multiplied and transformed back alone, tile by tile in a fixed
/// order.</para>
/// <para>Images are channels-last (N, H, W, C_in), rows (N, OH, OW, C_out); both channel counts are multiples of 16
/// (one 512-bit vector), padding 0 or 1. Shapes: U (16, C_in, C_out).</para>
/// </remarks>
internal static unsafe class Winograd
{
    // Tiles per band: the band's transformed input and products (16 matrices each) stay in a core's cache.
    private const int BandTiles = 64;
    private const int MaxParts = 8;

    /// <summary>Whether this machine runs these kernels (512-bit vectors).</summary>
    public static bool IsSupported => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    /// <summary>Whether the convolution of <paramref name="g"/> into <paramref name="channels"/> output channels can run
    /// here: a 3×3 window, stride 1, padding 0 or 1, both channel counts multiples of 16.</summary>
    public static bool Fits(in Window2D g, int channels) =>
        IsSupported && g.KernelHeight == 3 && g.KernelWidth == 3 && g.StrideHeight == 1 && g.StrideWidth == 1
        && g.PadHeight <= 1 && g.PadWidth <= 1 && g.Channels % 16 == 0 && channels % 16 == 0;

    /// <summary>Floats of the transformed kernels U: 16·C_in·C_out.</summary>
    public static int WeightsLength(int channelsIn, int channelsOut) => 16 * channelsIn * channelsOut;

    /// <summary>
    /// U = G·g·Gᵀ for every pair of channels, from the weights (3, 3, C_in, C_out): U[ξ = 4·a + b][c_in][c_out].
    /// </summary>
    public static void TransformWeights(ReadOnlySpan<float> weights, int channelsIn, int channelsOut, Span<float> u)
    {
        int pairs = channelsIn * channelsOut;
        Window2D.CheckLength("Winograd.TransformWeights", "weights", weights.Length, 9L * pairs);
        Window2D.CheckLength("Winograd.TransformWeights", "u", u.Length, 16L * pairs);
        Span<float> gg = stackalloc float[12];
        for (int p = 0; p < pairs; p++)
        {
            // G·g (4×3): along the kernel's rows.
            for (int x = 0; x < 3; x++)
            {
                float g0 = weights[(0 * 3 + x) * pairs + p], g1 = weights[(1 * 3 + x) * pairs + p], g2 = weights[(2 * 3 + x) * pairs + p];
                gg[0 * 3 + x] = g0;
                gg[1 * 3 + x] = 0.5f * (g0 + g1 + g2);
                gg[2 * 3 + x] = 0.5f * (g0 - g1 + g2);
                gg[3 * 3 + x] = g2;
            }
            // (G·g)·Gᵀ (4×4): along the columns.
            for (int a = 0; a < 4; a++)
            {
                float h0 = gg[a * 3], h1 = gg[a * 3 + 1], h2 = gg[a * 3 + 2];
                u[(a * 4 + 0) * pairs + p] = h0;
                u[(a * 4 + 1) * pairs + p] = 0.5f * (h0 + h1 + h2);
                u[(a * 4 + 2) * pairs + p] = 0.5f * (h0 - h1 + h2);
                u[(a * 4 + 3) * pairs + p] = h2;
            }
        }
    }

    /// <summary>Floats of scratch <see cref="Forward"/> needs for <paramref name="batch"/> images of <paramref name="g"/>.</summary>
    public static int ScratchLength(in Window2D g, int channels, int batch) => Parts(batch) * PartLength(g, channels);

    private static int Parts(int batch) => Math.Max(1, Math.Min(MaxParts, batch));

    private static int TilesHigh(in Window2D g) => (g.OutHeight + 1) / 2;

    private static int TilesWide(in Window2D g) => (g.OutWidth + 1) / 2;

    private static int BandRows(in Window2D g) => Math.Max(1, Math.Min(TilesHigh(g), BandTiles / TilesWide(g)));

    // A part's scratch: the zero-bordered image (2·tiles + 2 on each axis), the band's transformed input V (16, T, C_in)
    // and its products M (16, T, C_out), each of the 16 planes one cache line longer than its T·C values: planes a
    // power of two apart would put the 16 values of a tile in the same cache set.
    private static int PartLength(in Window2D g, int channels)
    {
        int bandTiles = BandRows(g) * TilesWide(g);
        return PaddedLength(g) + 16 * (Plane(bandTiles, g.Channels) + Plane(bandTiles, channels));
    }

    // Floats from one plane of V or M to the next.
    private static int Plane(int tiles, int channels) => tiles * channels + 16;

    private static int PaddedLength(in Window2D g) => (2 * TilesHigh(g) + 2) * (2 * TilesWide(g) + 2) * g.Channels;

    private struct Job
    {
        public Window2D G;
        public float* Images, Rows, Scratch, U, Bias, Pooled;
        public int* PooledArgmax;
        public Window2D PoolWindow;
        public int Batch, Channels, Parts, PackedColumns;
        public bool Relu;
        public fixed long Packed[16];
    }

    /// <summary>
    /// <c>rows = conv(images, g) + b</c>, then <c>max(0, ·)</c> when <paramref name="relu"/>, overwriting
    /// <paramref name="rows"/>; with a non-empty <paramref name="pooled"/>, each image is then max-pooled over
    /// <paramref name="poolWindow"/> into it (and the positions of the maxima into <paramref name="pooledArgmax"/>
    /// when not empty) as soon as it is written, as <see cref="MaxPool.Forward"/> does over the finished rows.
    /// <paramref name="u"/> holds U (<see cref="TransformWeights"/>) and <paramref name="packed"/> the 16 matrices
    /// U[ξ] packed for <see cref="ManagedGemm"/> at the current width.
    /// </summary>
    /// <exception cref="ArgumentException">The window does not fit, or a span is too short.</exception>
    public static void Forward(in Window2D window, int batch, ReadOnlySpan<float> images, ReadOnlySpan<float> u,
        ReadOnlySpan<PackedMatrix> packed, ReadOnlySpan<float> bias, bool relu, int channels, Span<float> rows,
        Span<float> scratch, in Window2D poolWindow = default, Span<float> pooled = default, Span<int> pooledArgmax = default)
    {
        Window2D g = window;
        if (!Fits(g, channels))
            throw new ArgumentException($"Winograd.Forward: a {g.KernelHeight}×{g.KernelWidth} window, stride {g.StrideHeight}×{g.StrideWidth}, " +
                                        $"padding {g.PadHeight}×{g.PadWidth}, {g.Channels} → {channels} channels does not fit F(2×2, 3×3) here.");
        Window2D.CheckLength("Winograd.Forward", "images", images.Length, (long)batch * g.ImageSize);
        Window2D.CheckLength("Winograd.Forward", "u", u.Length, WeightsLength(g.Channels, channels));
        Window2D.CheckLength("Winograd.Forward", "rows", rows.Length, (long)batch * g.Positions * channels);
        Window2D.CheckLength("Winograd.Forward", "scratch", scratch.Length, ScratchLength(g, channels, batch));
        if (bias.Length != 0) Window2D.CheckLength("Winograd.Forward", "bias", bias.Length, channels);
        if (packed.Length != 16) throw new ArgumentException($"Winograd.Forward: {packed.Length} packed matrices, needs 16.");
        for (int i = 0; i < 16; i++)
            if (!packed[i].Fits(false, g.Channels, channels, ManagedGemm.Width))
                throw new ArgumentException($"Winograd.Forward: packed matrix {i} is {packed[i].Describe()}, needs ({g.Channels}, {channels}) at {ManagedGemm.Width} bits.");
        if (!pooled.IsEmpty)
        {
            Window2D q = poolWindow;
            if (!q.Unpadded || q.Height != g.OutHeight || q.Width != g.OutWidth || q.Channels != channels)
                throw new ArgumentException($"Winograd.Forward: the pooling window takes {q.Height}×{q.Width}×{q.Channels} images, the rows are {g.OutHeight}×{g.OutWidth}×{channels}.");
            Window2D.CheckLength("Winograd.Forward", "pooled", pooled.Length, (long)batch * q.Positions * channels);
            if (!pooledArgmax.IsEmpty) Window2D.CheckLength("Winograd.Forward", "pooledArgmax", pooledArgmax.Length, (long)batch * q.Positions * channels);
        }
        if (batch == 0) return;
        fixed (float* x = images)
        fixed (float* pu = u)
        fixed (float* pb = bias)
        fixed (float* y = rows)
        fixed (float* s = scratch)
        fixed (float* pp = pooled)
        fixed (int* pa = pooledArgmax)
        {
            var job = new Job
            {
                G = g, Images = x, Rows = y, Scratch = s, U = pu, Bias = bias.IsEmpty ? null : pb,
                Pooled = pooled.IsEmpty ? null : pp, PooledArgmax = pooled.IsEmpty || pooledArgmax.IsEmpty ? null : pa, PoolWindow = poolWindow,
                Batch = batch, Channels = channels, Parts = Parts(batch), PackedColumns = packed[0].PaddedColumns, Relu = relu,
            };
            for (int i = 0; i < 16; i++) job.Packed[i] = (long)packed[i].Pointer;
            KernelThreads.Run(job.Parts, &RunPart, &job);
        }
    }

    // The images of one part, one at a time, band of tile rows by band.
    private static void RunPart(void* state, int part)
    {
        ref Job job = ref Unsafe.AsRef<Job>(state);
        Window2D g = job.G;
        KernelThreads.PartRange(job.Batch, job.Parts, part, out int first, out int last);
        if (first >= last) return;
        int cin = g.Channels, cout = job.Channels;
        int th = TilesHigh(g), tw = TilesWide(g), band = BandRows(g), bandTiles = band * tw;
        int wp = 2 * tw + 2;
        float* padded = job.Scratch + (nint)part * PartLength(g, cout);
        float* v = padded + PaddedLength(g);
        float* m = v + (nint)16 * Plane(bandTiles, cin);
        new Span<float>(padded, PaddedLength(g)).Clear();
        for (int image = first; image < last; image++)
        {
            // The image inside its zero border (the border, and the rows and columns past an odd size, stay zero).
            ConvolutionParts.PadImage(g, job.Images, image, padded, wp);
            float* dst = job.Rows + (nint)image * g.Positions * cout;
            for (int ty0 = 0; ty0 < th; ty0 += band)
            {
                int tiles = Math.Min(band, th - ty0) * tw;
                int planeV = Plane(tiles, cin), planeM = Plane(tiles, cout);
                TransformInput(padded, wp, cin, ty0, tw, tiles, v, planeV);
                for (int xi = 0; xi < 16; xi++)
                    ManagedGemm.Multiply(false, false, tiles, cout, cin, 1f, v + (nint)xi * planeV, cin,
                        job.U + (nint)xi * cin * cout, cout, 0f, m + (nint)xi * planeM, cout, null, false,
                        (float*)job.Packed[xi], job.PackedColumns, onThisThread: true);
                TransformOutput(m, planeM, cout, ty0, tw, tiles, g.OutHeight, g.OutWidth, job.Bias, job.Relu, dst);
            }
            if (job.Pooled != null) MaxPool.ForwardImages(job.PoolWindow, job.Batch, job.Rows, job.Pooled, job.PooledArgmax, image, image + 1);
        }
    }

    // V[ξ][t][c] = (Bᵀ·d·B)[a][b] for the tiles of tile rows ty0… (t counts them row by row), 16 channels at a time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransformInput(float* padded, int wp, int cin, int ty0, int tw, int tiles, float* v, nint plane)
    {
        nint rs = (nint)wp * cin;
        for (int t = 0; t < tiles; t++)
        {
            int ty = ty0 + t / tw, tx = t % tw;
            float* d = padded + (2 * ty * (nint)wp + 2 * tx) * cin;
            float* o = v + (nint)t * cin;
            for (int c = 0; c < cin; c += 16)
            {
                float* p = d + c;
                // Columns b of Bᵀ·d: along the tile's rows.
                var d0 = Vector512.Load(p); var d1 = Vector512.Load(p + rs); var d2 = Vector512.Load(p + 2 * rs); var d3 = Vector512.Load(p + 3 * rs);
                var r00 = d0 - d2; var r10 = d1 + d2; var r20 = d2 - d1; var r30 = d1 - d3;
                d0 = Vector512.Load(p + cin); d1 = Vector512.Load(p + rs + cin); d2 = Vector512.Load(p + 2 * rs + cin); d3 = Vector512.Load(p + 3 * rs + cin);
                var r01 = d0 - d2; var r11 = d1 + d2; var r21 = d2 - d1; var r31 = d1 - d3;
                d0 = Vector512.Load(p + 2 * cin); d1 = Vector512.Load(p + rs + 2 * cin); d2 = Vector512.Load(p + 2 * rs + 2 * cin); d3 = Vector512.Load(p + 3 * rs + 2 * cin);
                var r02 = d0 - d2; var r12 = d1 + d2; var r22 = d2 - d1; var r32 = d1 - d3;
                d0 = Vector512.Load(p + 3 * cin); d1 = Vector512.Load(p + rs + 3 * cin); d2 = Vector512.Load(p + 2 * rs + 3 * cin); d3 = Vector512.Load(p + 3 * rs + 3 * cin);
                var r03 = d0 - d2; var r13 = d1 + d2; var r23 = d2 - d1; var r33 = d1 - d3;
                // (Bᵀ·d)·B: along the columns.
                float* q = o + c;
                Row(q, plane, 0, r00, r01, r02, r03);
                Row(q, plane, 4, r10, r11, r12, r13);
                Row(q, plane, 8, r20, r21, r22, r23);
                Row(q, plane, 12, r30, r31, r32, r33);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row(float* q, nint plane, int xi, Vector512<float> t0, Vector512<float> t1, Vector512<float> t2, Vector512<float> t3)
    {
        (t0 - t2).Store(q + xi * plane);
        (t1 + t2).Store(q + (xi + 1) * plane);
        (t2 - t1).Store(q + (xi + 2) * plane);
        (t1 - t3).Store(q + (xi + 3) * plane);
    }

    // The 2×2 output block of every tile, Aᵀ·m·A + b (then max(0, ·)), written where it lies inside the output.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransformOutput(float* m, nint plane, int cout, int ty0, int tw, int tiles, int oh, int ow, float* bias, bool relu, float* rows)
    {
        for (int t = 0; t < tiles; t++)
        {
            int oy = 2 * (ty0 + t / tw), ox = 2 * (t % tw);
            bool down = oy + 1 < oh, right = ox + 1 < ow;
            float* src = m + (nint)t * cout;
            float* y0 = rows + ((nint)oy * ow + ox) * cout;
            float* y1 = y0 + (nint)ow * cout;
            for (int c = 0; c < cout; c += 16)
            {
                float* p = src + c;
                // Aᵀ·m: along the tile's rows, for each of its four columns.
                var s00 = Vector512.Load(p) + Vector512.Load(p + 4 * plane) + Vector512.Load(p + 8 * plane);
                var s10 = Vector512.Load(p + 4 * plane) - Vector512.Load(p + 8 * plane) - Vector512.Load(p + 12 * plane);
                var s01 = Vector512.Load(p + plane) + Vector512.Load(p + 5 * plane) + Vector512.Load(p + 9 * plane);
                var s11 = Vector512.Load(p + 5 * plane) - Vector512.Load(p + 9 * plane) - Vector512.Load(p + 13 * plane);
                var s02 = Vector512.Load(p + 2 * plane) + Vector512.Load(p + 6 * plane) + Vector512.Load(p + 10 * plane);
                var s12 = Vector512.Load(p + 6 * plane) - Vector512.Load(p + 10 * plane) - Vector512.Load(p + 14 * plane);
                var s03 = Vector512.Load(p + 3 * plane) + Vector512.Load(p + 7 * plane) + Vector512.Load(p + 11 * plane);
                var s13 = Vector512.Load(p + 7 * plane) - Vector512.Load(p + 11 * plane) - Vector512.Load(p + 15 * plane);
                // (Aᵀ·m)·A: along the columns.
                var b = bias == null ? Vector512<float>.Zero : Vector512.Load(bias + c);
                var a00 = s00 + s01 + s02 + b;
                var a01 = s01 - s02 - s03 + b;
                var a10 = s10 + s11 + s12 + b;
                var a11 = s11 - s12 - s13 + b;
                if (relu)
                {
                    a00 = Vector512.Max(a00, Vector512<float>.Zero);
                    a01 = Vector512.Max(a01, Vector512<float>.Zero);
                    a10 = Vector512.Max(a10, Vector512<float>.Zero);
                    a11 = Vector512.Max(a11, Vector512<float>.Zero);
                }
                a00.Store(y0 + c);
                if (right) a01.Store(y0 + cout + c);
                if (down)
                {
                    a10.Store(y1 + c);
                    if (right) a11.Store(y1 + cout + c);
                }
            }
        }
    }
}
