namespace DiyNet.Kernels;

/// <summary>
/// The vector operations the matrix-multiply kernels need, for one vector width. Implemented by structs
/// (<see cref="Simd512"/>, <see cref="Simd256"/>, <see cref="Simd128"/>, <see cref="SimdScalar"/>) so that the JIT specializes every kernel
/// for each width and inlines these calls.
/// </summary>
/// <typeparam name="TVec">The vector type, e.g. <c>Vector512&lt;float&gt;</c>.</typeparam>
internal unsafe interface ISimdOps<TVec> where TVec : struct
{
    /// <summary>Floats per vector.</summary>
    static abstract int Width { get; }

    /// <summary>Rows of the register tile of the micro-kernel at this width (its columns are two vectors).</summary>
    static abstract int TileRows { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TVec Zero { get; }

    /// <summary>Loads <see cref="Width"/> floats.</summary>
    static abstract TVec Load(float* source);

    /// <summary>Loads the first <paramref name="count"/> floats (0 &lt; count &lt; Width) and zeroes the rest, never reading past them.</summary>
    static abstract TVec LoadPartial(float* source, int count);

    /// <summary>Stores <see cref="Width"/> floats.</summary>
    static abstract void Store(float* destination, TVec value);

    /// <summary>Stores the first <paramref name="count"/> lanes (0 &lt; count &lt; Width), never writing past them.</summary>
    static abstract void StorePartial(float* destination, TVec value, int count);

    /// <summary>Every lane equal to <paramref name="value"/>.</summary>
    static abstract TVec Broadcast(float value);

    /// <summary><c>a·b + c</c> lane by lane, the same result as <see cref="FastMultiplyAdd.Scalar"/>: one rounding where the processor fuses multiply-adds, two where it does not.</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);
}
