using System.Runtime.InteropServices;

namespace DiyNet.Kernels;

/// <summary>
/// The optional native provider: <c>cblas_sgemm</c> from the system's OpenBLAS, loaded on first use through
/// <see cref="NativeLibrary"/>. Its thread count follows <see cref="KernelSettings.MaxThreads"/>.
/// </summary>
internal static unsafe class OpenBlasGemm
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;
    private static readonly string[] LibraryNames = ["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libopenblas.dll", "openblas.dll"];
    private static readonly object Gate = new();

    private static delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;
    private static delegate* unmanaged<int, void> _setThreads;
    private static int _threads;
    private static string? _failure;

    /// <summary>Loads the library once; false (with the reason) when it is not there.</summary>
    internal static bool TryLoad(out string? failure)
    {
        if (_sgemm is null && _failure is null)
        {
            lock (Gate)
            {
                if (_sgemm is null && _failure is null) Load();
            }
        }
        failure = _failure;
        return _sgemm is not null;
    }

    /// <summary>Loads the library or throws.</summary>
    /// <exception cref="DllNotFoundException">No OpenBLAS library could be loaded.</exception>
    internal static void EnsureLoaded()
    {
        if (!TryLoad(out string? failure)) throw new DllNotFoundException(failure);
    }

    /// <summary><c>C ← α·op(A)·op(B) + β·C</c> through <c>cblas_sgemm</c> (row-major); m, n, k &gt; 0.</summary>
    internal static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        EnsureLoaded();
        int threads = KernelSettings.MaxThreads;
        if (threads != _threads && _setThreads is not null)
        {
            _setThreads(threads);
            _threads = threads;
        }
        _sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    private static void Load()
    {
        foreach (string name in LibraryNames)
        {
            if (!NativeLibrary.TryLoad(name, typeof(OpenBlasGemm).Assembly, null, out nint handle)) continue;
            if (!NativeLibrary.TryGetExport(handle, "cblas_sgemm", out nint sgemm))
            {
                _failure = $"OpenBLAS: {name} was loaded but has no cblas_sgemm export.";
                return;
            }
            if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out nint setThreads))
                _setThreads = (delegate* unmanaged<int, void>)setThreads;
            _sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
            return;
        }
        _failure = $"OpenBLAS was requested ({KernelSettings.BlasVariable}=openblas or KernelSettings.GemmProvider) but none of "
            + $"{string.Join(", ", LibraryNames)} could be loaded. On Debian or Ubuntu: apt-get install libopenblas0. "
            + $"Or use the managed kernel ({KernelSettings.BlasVariable}=managed).";
    }
}
