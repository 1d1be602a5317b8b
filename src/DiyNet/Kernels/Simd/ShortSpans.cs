using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

/// <summary>
/// Copy and add over short runs of floats (a kernel row of an im2col patch is often 3 to 50 values), where the fixed
/// cost of a library call would dominate. Callers have checked the bounds.
/// </summary>
internal static class ShortSpans
{
    /// <summary><c>dst[0..count) = src[0..count)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(ref float src, ref float dst, int count)
    {
        if (count >= 64)
        {
            Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref dst), ref Unsafe.As<float, byte>(ref src), (uint)count * sizeof(float));
            return;
        }
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i <= count - 8; i += 8)
                Vector256.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
        else if (Vector128.IsHardwareAccelerated)
            for (; i <= count - 4; i += 4)
                Vector128.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
        for (; i < count; i++) Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i);
    }

    /// <summary><c>dst[0..count) = 0</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Clear(ref float dst, int count)
    {
        if (count >= 32)
        {
            Unsafe.InitBlockUnaligned(ref Unsafe.As<float, byte>(ref dst), 0, (uint)count * sizeof(float));
            return;
        }
        for (int i = 0; i < count; i++) Unsafe.Add(ref dst, i) = 0f;
    }

    /// <summary><c>dst[0..count) += src[0..count)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(ref float src, ref float dst, int count)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= count - 16; i += 16)
                (Vector512.LoadUnsafe(ref dst, (nuint)i) + Vector512.LoadUnsafe(ref src, (nuint)i)).StoreUnsafe(ref dst, (nuint)i);
        if (Vector256.IsHardwareAccelerated)
            for (; i <= count - 8; i += 8)
                (Vector256.LoadUnsafe(ref dst, (nuint)i) + Vector256.LoadUnsafe(ref src, (nuint)i)).StoreUnsafe(ref dst, (nuint)i);
        if (Vector128.IsHardwareAccelerated)
            for (; i <= count - 4; i += 4)
                (Vector128.LoadUnsafe(ref dst, (nuint)i) + Vector128.LoadUnsafe(ref src, (nuint)i)).StoreUnsafe(ref dst, (nuint)i);
        for (; i < count; i++) Unsafe.Add(ref dst, i) += Unsafe.Add(ref src, i);
    }

    /// <summary><c>dst[0..count) += scale · src[0..count)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd(ref float src, float scale, ref float dst, int count)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var s = Vector512.Create(scale);
            for (; i <= count - 16; i += 16)
                (Vector512.LoadUnsafe(ref dst, (nuint)i) + s * Vector512.LoadUnsafe(ref src, (nuint)i)).StoreUnsafe(ref dst, (nuint)i);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(scale);
            for (; i <= count - 8; i += 8)
                (Vector256.LoadUnsafe(ref dst, (nuint)i) + s * Vector256.LoadUnsafe(ref src, (nuint)i)).StoreUnsafe(ref dst, (nuint)i);
        }
        for (; i < count; i++) Unsafe.Add(ref dst, i) += scale * Unsafe.Add(ref src, i);
    }
}
