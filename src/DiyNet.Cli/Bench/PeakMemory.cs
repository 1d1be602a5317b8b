using System.Diagnostics;

namespace DiyNet.Cli.Bench;

/// <summary>
/// The peak resident set (working set) of this process: Linux's <c>VmHWM</c>, which <see cref="Reset"/> sets back to
/// the current resident set (by writing 5 to <c>/proc/self/clear_refs</c>) so that each workload gets its own peak.
/// Elsewhere the process's peak working set, not resettable.
/// </summary>
internal static class PeakMemory
{
    private const string ClearRefs = "/proc/self/clear_refs";

    /// <summary>Starts a new peak from the current resident set, where the system allows it.</summary>
    public static void Reset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        try
        {
            if (File.Exists(ClearRefs)) File.WriteAllText(ClearRefs, "5");
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>The peak resident set in bytes since the last <see cref="Reset"/> (or since the process started).</summary>
    public static long PeakResidentBytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
