namespace DiyNet.Kernels;

/// <summary>
/// Process-wide settings of the kernel layer: how many threads a kernel may use and which matrix-multiply
/// provider runs. Both start from environment variables and may be changed at any time between calls.
/// </summary>
/// <remarks>
/// <para><c>DIYNET_THREADS</c>: the maximum number of threads (default: the number of cores).</para>
/// <para><c>DIYNET_BLAS</c>: <c>managed</c> (default) or <c>openblas</c>.</para>
/// Results never depend on <see cref="MaxThreads"/>: work is split by output blocks, so every output element is
/// reduced in the same order whatever the thread count.
/// </remarks>
public static class KernelSettings
{
    /// <summary>The environment variable read for <see cref="MaxThreads"/>.</summary>
    public const string ThreadsVariable = "DIYNET_THREADS";

    /// <summary>The environment variable read for <see cref="GemmProvider"/>.</summary>
    public const string BlasVariable = "DIYNET_BLAS";

    private static int _maxThreads;            // 0: not read from the environment yet
    private static GemmProvider? _provider;    // null: not read from the environment yet

    /// <summary>
    /// The most threads a kernel uses (1 = everything on the calling thread). Large products use up to this many;
    /// small ones stay on one core, where forking would cost more than it saves.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    /// <exception cref="InvalidOperationException">DIYNET_THREADS holds something else than a whole number ≥ 1.</exception>
    public static int MaxThreads
    {
        get
        {
            if (_maxThreads == 0) _maxThreads = ParseThreads(Environment.GetEnvironmentVariable(ThreadsVariable));
            return _maxThreads;
        }
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "KernelSettings.MaxThreads must be at least 1.");
            _maxThreads = value;
        }
    }

    /// <summary>
    /// Whether evaluation-mode 3×3 convolutions with stride 1 (padding 0 or 1, channels in and out multiples of 16, on
    /// a processor with AVX-512) run by Winograd's F(2×2, 3×3), with 2.25 times fewer multiply-adds (default true).
    /// Their output is then the direct convolution's up to rounding, not its bits (the sums are regrouped); it still
    /// does not depend on the batch or the thread count. Turn it off for the bits of the training-mode forward pass.
    /// </summary>
    public static bool Winograd { get; set; } = true;

    /// <summary>
    /// The implementation behind <see cref="Gemm.Multiply"/>. Selecting <see cref="Kernels.GemmProvider.OpenBlas"/>
    /// loads the native library at once.
    /// </summary>
    /// <exception cref="DllNotFoundException">OpenBLAS was requested and <c>libopenblas.so.0</c> cannot be loaded.</exception>
    /// <exception cref="InvalidOperationException">DIYNET_BLAS holds something else than <c>managed</c> or <c>openblas</c>.</exception>
    public static GemmProvider GemmProvider
    {
        get => _provider ??= ParseProvider(Environment.GetEnvironmentVariable(BlasVariable));
        set
        {
            if (value == GemmProvider.OpenBlas) OpenBlasGemm.EnsureLoaded();
            else if (value != GemmProvider.Managed) throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown GemmProvider.");
            _provider = value;
        }
    }

    /// <summary>
    /// Reads DIYNET_THREADS and DIYNET_BLAS now rather than at the first kernel call, so that a bad value is reported
    /// at start-up instead of from inside whichever module first runs a kernel. Programs call it first thing.
    /// </summary>
    /// <exception cref="InvalidOperationException">A variable holds a value it does not accept; the message names it.</exception>
    /// <exception cref="DllNotFoundException">DIYNET_BLAS=openblas and OpenBLAS cannot be loaded.</exception>
    public static void ReadEnvironment()
    {
        int threads = ParseThreads(Environment.GetEnvironmentVariable(ThreadsVariable));
        var provider = ParseProvider(Environment.GetEnvironmentVariable(BlasVariable));
        MaxThreads = threads;
        GemmProvider = provider;
    }

    /// <summary>
    /// The vector width, in bits, the managed matrix multiply runs at on this machine: 512 (AVX-512), 256 (AVX2 and
    /// FMA), 128 (SSE or Arm AdvSimd) or 32 (one float at a time, where the runtime has no hardware vectors).
    /// </summary>
    public static int VectorBits => ManagedGemm.Width;

    /// <summary>True when <c>libopenblas.so.0</c> can be loaded on this machine.</summary>
    public static bool IsOpenBlasAvailable => OpenBlasGemm.TryLoad(out _);

    /// <summary>The thread count a value of DIYNET_THREADS asks for (the number of cores when unset or blank).</summary>
    /// <exception cref="InvalidOperationException">The value is not a whole number ≥ 1.</exception>
    internal static int ParseThreads(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Environment.ProcessorCount;
        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) || n < 1)
            throw new InvalidOperationException($"{ThreadsVariable}='{text}': expected a whole number of threads ≥ 1.");
        return n;
    }

    /// <summary>The provider a value of DIYNET_BLAS asks for (managed when unset or blank; case-insensitive).</summary>
    /// <exception cref="InvalidOperationException">The value is neither <c>managed</c> nor <c>openblas</c>.</exception>
    internal static GemmProvider ParseProvider(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return GemmProvider.Managed;
        return text.Trim().ToLowerInvariant() switch
        {
            "managed" => GemmProvider.Managed,
            "openblas" => GemmProvider.OpenBlas,
            _ => throw new InvalidOperationException($"{BlasVariable}='{text}': expected 'managed' or 'openblas'."),
        };
    }
}
