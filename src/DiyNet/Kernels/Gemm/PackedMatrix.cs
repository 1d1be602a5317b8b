namespace DiyNet.Kernels;

/// <summary>
/// A right-hand operand op(B) of the managed matrix multiply, packed whole once into the micro-panel layout its
/// tile kernels read, so that products with the same B (a layer's weights over many batches of inference) skip
/// the packing of B on every call. Owns a pinned buffer, reused by later packings of the same size or smaller.
/// </summary>
/// <remarks>
/// <para>Layout, for op(B) of shape (k, n), panels of <c>nr = 2·(vector floats)</c> columns and k cut into the
/// blocks of <see cref="ManagedGemm.BlockLength"/>: k-block <c>[p₀, p₀ + kc)</c> starts at <c>p₀·n̄</c>, where
/// <c>n̄ = ⌈n / nr⌉·nr</c>; in it, panel q (columns <c>q·nr …</c>) starts at <c>q·nr·kc</c> and holds element (p, j)
/// at <c>(p − p₀)·nr + (j − q·nr)</c>, zeros past column n — what <see cref="GemmPacking.PackB"/> writes for each
/// block, so a block of columns <c>[j₀, j₀ + nc)</c> with j₀ a multiple of nr is read at <c>p₀·n̄ + j₀·kc</c>.
/// Size: <c>k·n̄</c> floats.</para>
/// <para>The packing is a copy of B's values at the time of <see cref="Pack"/>: whoever holds one must pack again
/// after B changes.</para>
/// </remarks>
internal sealed unsafe class PackedMatrix
{
    private float[] _storage = [];
    private float* _aligned;

    /// <summary>Whether op(B) is Bᵀ.</summary>
    public bool TransB { get; private set; }

    /// <summary>Rows of op(B) (the product's k).</summary>
    public int K { get; private set; }

    /// <summary>Columns of op(B) (the product's n).</summary>
    public int N { get; private set; }

    /// <summary>n rounded up to the panel width, n̄.</summary>
    public int PaddedColumns { get; private set; }

    /// <summary>The vector width in bits the packing was made for (0 before the first <see cref="Pack"/>).</summary>
    public int Width { get; private set; }

    /// <summary>The first packed float, 64-byte aligned.</summary>
    public float* Pointer => _aligned;

    /// <summary>
    /// Packs op(B) — B (k, n) with row stride <paramref name="ldb"/>, or Bᵀ when <paramref name="transB"/> (B is then
    /// (n, k)) — for the kernels' current vector width. Allocates only when the buffer is too small.
    /// </summary>
    /// <exception cref="ArgumentException">A dimension is not positive, or <paramref name="b"/> is too short.</exception>
    public void Pack(bool transB, ReadOnlySpan<float> b, int ldb, int k, int n)
    {
        if (k <= 0 || n <= 0) throw new ArgumentException($"PackedMatrix: op(B) is ({k}, {n}); both dimensions must be positive.");
        Gemm.Validate(false, transB, 1, n, k, k, k, b.Length, ldb, n, n);
        int width = ManagedGemm.Width;
        int nr = 2 * Math.Max(1, width / 32);
        int padded = (n + nr - 1) / nr * nr;
        long length = (long)k * padded;
        if (_storage.Length < length + 16)
        {
            _storage = GC.AllocateUninitializedArray<float>(checked((int)(length + 16)), pinned: true);
            fixed (float* p = _storage) _aligned = (float*)(((nint)p + 63) & ~(nint)63);
        }
        int kcStd = ManagedGemm.BlockLength(k);
        fixed (float* pb = b)
        {
            for (int pc = 0; pc < k; pc += kcStd)
                GemmPacking.PackB(transB, pb, ldb, pc, Math.Min(kcStd, k - pc), 0, n, nr, _aligned + (nint)pc * padded);
        }
        TransB = transB;
        K = k;
        N = n;
        PaddedColumns = padded;
        Width = width;
    }

    /// <summary>Whether this packing serves a product with these op(B) and vector width.</summary>
    public bool Fits(bool transB, int k, int n, int width) => Width == width && TransB == transB && K == k && N == n;

    /// <summary>The packed shape, for messages.</summary>
    public string Describe() => Width == 0 ? "empty" : $"op(B) ({K}, {N}){(TransB ? " transposed" : "")} at {Width} bits";
}
