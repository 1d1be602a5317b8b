using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DiyNet.Kernels;

/// <summary>
/// Copy, clear and add of a run of a fixed length (one kernel row of an im2col patch, kW·C floats), prepared once
/// per call: whole 8-float vectors and one masked vector for the rest, so that a run of 5 floats costs one masked
/// load and one masked store. Without AVX it falls back to <see cref="ShortSpans"/>.
/// </summary>
internal readonly unsafe struct Segment
{
    private readonly int _length, _whole;
    private readonly Vector256<float> _mask;
    private readonly bool _masked;

    public Segment(int length)
    {
        _length = length;
        _whole = length / 8;
        int rest = length - 8 * _whole;
        _masked = rest > 0;
        _mask = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(rest)).AsSingle();
    }

    /// <summary>True when the masked vector path runs (AVX).</summary>
    public static bool Vectorized => Avx.IsSupported;

    /// <summary>Floats in the run.</summary>
    public int Length => _length;

    /// <summary>Copies the run from <paramref name="src"/> to <paramref name="dst"/>, then again <paramref name="count"/>
    /// − 1 times, each time <paramref name="srcStep"/> and <paramref name="dstStep"/> floats further (one kernel row of
    /// consecutive windows), with the loop specialized for runs shorter than a vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CopyMany(float* src, long srcStep, float* dst, long dstStep, int count)
    {
        if (!Avx.IsSupported || _whole > 0)
        {
            for (int i = 0; i < count; i++, src += srcStep, dst += dstStep) Copy(src, dst);
            return;
        }
        var mask = _mask;
        for (int i = 0; i < count; i++, src += srcStep, dst += dstStep) Avx.MaskStore(dst, mask, Avx.MaskLoad(src, mask));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Copy(float* src, float* dst)
    {
        if (!Avx.IsSupported)
        {
            ShortSpans.Copy(ref *src, ref *dst, _length);
            return;
        }
        int i = 0;
        for (; i < _whole; i++) Avx.Store(dst + 8 * i, Avx.LoadVector256(src + 8 * i));
        if (_masked) Avx.MaskStore(dst + 8 * i, _mask, Avx.MaskLoad(src + 8 * i, _mask));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Clear(float* dst)
    {
        if (!Avx.IsSupported)
        {
            ShortSpans.Clear(ref *dst, _length);
            return;
        }
        int i = 0;
        for (; i < _whole; i++) Avx.Store(dst + 8 * i, Vector256<float>.Zero);
        if (_masked) Avx.MaskStore(dst + 8 * i, _mask, Vector256<float>.Zero);
    }

    /// <summary><c>dst += src</c> over the run. (No masked store here: col2im adds overlapping runs back to back,
    /// and a load that hits a masked store stalls.)</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddTo(float* src, float* dst)
    {
        int i = 0;
        if (Avx.IsSupported)
            for (; i < _whole; i++) Avx.Store(dst + 8 * i, Avx.Add(Avx.LoadVector256(dst + 8 * i), Avx.LoadVector256(src + 8 * i)));
        ShortSpans.Add(ref src[8 * i], ref dst[8 * i], _length - 8 * i);
    }
}
