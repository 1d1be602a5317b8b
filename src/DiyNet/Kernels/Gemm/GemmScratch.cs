namespace DiyNet.Kernels;

/// <summary>
/// One thread's packing buffers for the managed matrix multiply, allocated once per thread on the pinned heap
/// (64-byte aligned) and reused by every call: a packed block of A, a packed block of B and an edge tile.
/// </summary>
internal sealed unsafe class GemmScratch
{
    [ThreadStatic] private static GemmScratch? _current;

    private readonly float[] _storage;

    private GemmScratch()
    {
        int a = ManagedGemm.McMax * ManagedGemm.KcMax;
        int b = ManagedGemm.KcMax * ManagedGemm.NcMax;
        int tile = 8 * 32;
        _storage = GC.AllocateUninitializedArray<float>(a + b + tile + 16, pinned: true);
        fixed (float* p = _storage)
        {
            float* aligned = (float*)(((nint)p + 63) & ~(nint)63);
            PackedA = aligned;
            PackedB = aligned + a;
            Tile = aligned + a + b;
        }
    }

    /// <summary>The calling thread's buffers.</summary>
    internal static GemmScratch Current => _current ??= new GemmScratch();

    /// <summary>Room for <see cref="ManagedGemm.McMax"/> × <see cref="ManagedGemm.KcMax"/> floats of packed A.</summary>
    internal float* PackedA { get; }

    /// <summary>Room for <see cref="ManagedGemm.KcMax"/> × <see cref="ManagedGemm.NcMax"/> floats of packed B.</summary>
    internal float* PackedB { get; }

    /// <summary>Room for one register tile (at most 8 × 32 floats).</summary>
    internal float* Tile { get; }
}
