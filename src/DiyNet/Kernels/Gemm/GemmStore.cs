using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

/// <summary>
/// How a kernel writes one block of accumulated products <c>acc</c> (one k-block) into C: the
/// <see cref="GemmTileStore"/> mode, and the epilogue of a product fused with a bias and a rectifier,
/// <c>C = max(0, α·op(A)·op(B) + bias[j])</c>: the bias enters the first k-block's store (<c>α·acc + bias[j]</c>, one
/// rounding, as <c>α·acc + C</c> over a C filled with the bias), the rectifier the last one's, while the block is
/// still in registers.
/// </summary>
internal readonly unsafe struct GemmStore
{
    /// <summary>A store without epilogue.</summary>
    public GemmStore(GemmTileStore mode) : this(mode, null, false) { }

    /// <summary>A store with the given epilogue.</summary>
    /// <param name="mode">Raw, overwrite (first k-block) or accumulate.</param>
    /// <param name="bias">The bias of the block's first column, read in <see cref="GemmTileStore.Overwrite"/> mode only; null for none.</param>
    /// <param name="relu">Whether to store <c>max(0, ·)</c> (the last k-block only).</param>
    public GemmStore(GemmTileStore mode, float* bias, bool relu)
    {
        Mode = mode;
        Bias = mode == GemmTileStore.Overwrite ? bias : null;
        Relu = relu && mode != GemmTileStore.Raw;
    }

    /// <summary>How the sum enters C.</summary>
    public GemmTileStore Mode { get; }

    /// <summary>The bias of the block's first column, or null.</summary>
    public float* Bias { get; }

    /// <summary>Whether the stored value is rectified.</summary>
    public bool Relu { get; }

    /// <summary>The same store for the block that starts <paramref name="columns"/> columns to the right.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public GemmStore Shift(int columns) => Bias == null ? this : new GemmStore(Mode, Bias + columns, Relu);

    /// <summary>Stores one full vector of sums at column <paramref name="column"/> of the block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Vector<TOps, TVec>(float* c, TVec acc, float alpha, int column)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        if (Mode == GemmTileStore.Raw)
        {
            TOps.Store(c, acc);
            return;
        }
        TVec old = Mode == GemmTileStore.Accumulate ? TOps.Load(c) : Bias != null ? TOps.Load(Bias + column) : TOps.Zero;
        TVec value = TOps.MultiplyAdd(TOps.Broadcast(alpha), acc, old);
        TOps.Store(c, Relu ? Rectify(value) : value);
    }

    /// <summary>Stores the first <paramref name="count"/> lanes of a vector of sums at column <paramref name="column"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Partial<TOps, TVec>(float* c, TVec acc, float alpha, int column, int count)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        if (count == TOps.Width)
        {
            Vector<TOps, TVec>(c, acc, alpha, column);
            return;
        }
        if (Mode == GemmTileStore.Raw)
        {
            TOps.StorePartial(c, acc, count);
            return;
        }
        TVec old = Mode == GemmTileStore.Accumulate ? TOps.LoadPartial(c, count)
            : Bias != null ? TOps.LoadPartial(Bias + column, count) : TOps.Zero;
        TVec value = TOps.MultiplyAdd(TOps.Broadcast(alpha), acc, old);
        TOps.StorePartial(c, Relu ? Rectify(value) : value, count);
    }

    /// <summary>The scalar store, same arithmetic: <c>c = [max(0,] α·acc + (C or bias or 0)[)]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Scalar(float* c, float acc, float alpha, int column)
    {
        if (Mode == GemmTileStore.Raw)
        {
            *c = acc;
            return;
        }
        float old = Mode == GemmTileStore.Accumulate ? *c : Bias != null ? Bias[column] : 0f;
        float value = FastMultiplyAdd.Scalar(alpha, acc, old);
        *c = Relu ? MathF.Max(value, 0f) : value;
    }

    // max(x, 0) lane by lane with the semantics of MathF.Max and TensorPrimitives.Max (NaN propagates, max(−0, 0) = +0),
    // so that the fused rectifier gives the bits of the separate ReLU module.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Rectify<TVec>(TVec x) where TVec : struct
    {
        if (typeof(TVec) == typeof(Vector512<float>))
        {
            var r = Vector512.Max(Unsafe.As<TVec, Vector512<float>>(ref x), Vector512<float>.Zero);
            return Unsafe.As<Vector512<float>, TVec>(ref r);
        }
        if (typeof(TVec) == typeof(Vector256<float>))
        {
            var r = Vector256.Max(Unsafe.As<TVec, Vector256<float>>(ref x), Vector256<float>.Zero);
            return Unsafe.As<Vector256<float>, TVec>(ref r);
        }
        if (typeof(TVec) == typeof(Vector128<float>))
        {
            var r = Vector128.Max(Unsafe.As<TVec, Vector128<float>>(ref x), Vector128<float>.Zero);
            return Unsafe.As<Vector128<float>, TVec>(ref r);
        }
        if (typeof(TVec) == typeof(float))
        {
            float r = MathF.Max(Unsafe.As<TVec, float>(ref x), 0f);
            return Unsafe.As<float, TVec>(ref r);
        }
        throw new NotSupportedException($"GemmStore: no rectifier for vectors of type {typeof(TVec).Name}.");
    }
}
