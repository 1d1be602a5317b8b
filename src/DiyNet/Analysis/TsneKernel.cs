using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DiyNet.Kernels;

/// <summary>
/// The sums over all points j that the exact t-SNE gradient of one point i needs, with the Student-t kernel
/// <c>w_ij = 1 / (1 + ‖y_i − y_j‖²)</c> in two dimensions:
/// attraction <c>Σ_j p_ij·w_ij·(y_i − y_j)</c>, repulsion <c>Σ_j w_ij²·(y_i − y_j)</c> and <c>Σ_j w_ij</c>.
/// </summary>
/// <remarks>j = i is included (it adds 1 to the kernel sum and nothing to the others). Vector512 → Vector256 →
/// Vector128 → scalar.</remarks>
internal static class TsneKernel
{
    /// <summary>Sums for the point (<paramref name="xi"/>, <paramref name="yi"/>) over the points (xs, ys) with affinities p.</summary>
    public static TsneRowSums Row(float xi, float yi, ReadOnlySpan<float> xs, ReadOnlySpan<float> ys, ReadOnlySpan<float> p)
    {
        int n = xs.Length;
        if (ys.Length != n || p.Length != n)
            throw new ArgumentException($"TsneKernel.Row: {n} x, {ys.Length} y and {p.Length} affinities.");
        ref float x0 = ref MemoryMarshal.GetReference(xs);
        ref float y0 = ref MemoryMarshal.GetReference(ys);
        ref float p0 = ref MemoryMarshal.GetReference(p);
        var sums = default(TsneRowSums);
        int j = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
            j = Row512(xi, yi, ref x0, ref y0, ref p0, n, ref sums);
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
            j = Row256(xi, yi, ref x0, ref y0, ref p0, n, ref sums);
        else if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count)
            j = Row128(xi, yi, ref x0, ref y0, ref p0, n, ref sums);
        for (; j < n; j++)
        {
            float dx = xi - xs[j], dy = yi - ys[j];
            float w = 1f / (1f + dx * dx + dy * dy);
            float pw = p[j] * w, w2 = w * w;
            sums.AttractionX += pw * dx;
            sums.AttractionY += pw * dy;
            sums.RepulsionX += w2 * dx;
            sums.RepulsionY += w2 * dy;
            sums.KernelSum += w;
        }
        return sums;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Row512(float xi, float yi, ref float x0, ref float y0, ref float p0, int n, ref TsneRowSums sums)
    {
        Vector512<float> vx = Vector512.Create(xi), vy = Vector512.Create(yi), one = Vector512<float>.One;
        Vector512<float> ax = default, ay = default, rx = default, ry = default, z = default;
        int j = 0;
        for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
        {
            var dx = vx - Vector512.LoadUnsafe(ref x0, (nuint)j);
            var dy = vy - Vector512.LoadUnsafe(ref y0, (nuint)j);
            var w = one / FastMultiplyAdd.Vector(dy, dy, FastMultiplyAdd.Vector(dx, dx, one));
            var pw = Vector512.LoadUnsafe(ref p0, (nuint)j) * w;
            var w2 = w * w;
            ax = FastMultiplyAdd.Vector(pw, dx, ax);
            ay = FastMultiplyAdd.Vector(pw, dy, ay);
            rx = FastMultiplyAdd.Vector(w2, dx, rx);
            ry = FastMultiplyAdd.Vector(w2, dy, ry);
            z += w;
        }
        sums = new TsneRowSums(Vector512.Sum(ax), Vector512.Sum(ay), Vector512.Sum(rx), Vector512.Sum(ry), Vector512.Sum(z));
        return j;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Row256(float xi, float yi, ref float x0, ref float y0, ref float p0, int n, ref TsneRowSums sums)
    {
        Vector256<float> vx = Vector256.Create(xi), vy = Vector256.Create(yi), one = Vector256<float>.One;
        Vector256<float> ax = default, ay = default, rx = default, ry = default, z = default;
        int j = 0;
        for (; j <= n - Vector256<float>.Count; j += Vector256<float>.Count)
        {
            var dx = vx - Vector256.LoadUnsafe(ref x0, (nuint)j);
            var dy = vy - Vector256.LoadUnsafe(ref y0, (nuint)j);
            var w = one / FastMultiplyAdd.Vector(dy, dy, FastMultiplyAdd.Vector(dx, dx, one));
            var pw = Vector256.LoadUnsafe(ref p0, (nuint)j) * w;
            var w2 = w * w;
            ax = FastMultiplyAdd.Vector(pw, dx, ax);
            ay = FastMultiplyAdd.Vector(pw, dy, ay);
            rx = FastMultiplyAdd.Vector(w2, dx, rx);
            ry = FastMultiplyAdd.Vector(w2, dy, ry);
            z += w;
        }
        sums = new TsneRowSums(Vector256.Sum(ax), Vector256.Sum(ay), Vector256.Sum(rx), Vector256.Sum(ry), Vector256.Sum(z));
        return j;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Row128(float xi, float yi, ref float x0, ref float y0, ref float p0, int n, ref TsneRowSums sums)
    {
        Vector128<float> vx = Vector128.Create(xi), vy = Vector128.Create(yi), one = Vector128<float>.One;
        Vector128<float> ax = default, ay = default, rx = default, ry = default, z = default;
        int j = 0;
        for (; j <= n - Vector128<float>.Count; j += Vector128<float>.Count)
        {
            var dx = vx - Vector128.LoadUnsafe(ref x0, (nuint)j);
            var dy = vy - Vector128.LoadUnsafe(ref y0, (nuint)j);
            var w = one / FastMultiplyAdd.Vector(dy, dy, FastMultiplyAdd.Vector(dx, dx, one));
            var pw = Vector128.LoadUnsafe(ref p0, (nuint)j) * w;
            var w2 = w * w;
            ax = FastMultiplyAdd.Vector(pw, dx, ax);
            ay = FastMultiplyAdd.Vector(pw, dy, ay);
            rx = FastMultiplyAdd.Vector(w2, dx, rx);
            ry = FastMultiplyAdd.Vector(w2, dy, ry);
            z += w;
        }
        sums = new TsneRowSums(Vector128.Sum(ax), Vector128.Sum(ay), Vector128.Sum(rx), Vector128.Sum(ry), Vector128.Sum(z));
        return j;
    }
}
