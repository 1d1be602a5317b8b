using System.Runtime.InteropServices;

namespace DiyNet.Tests.Cli.Train;

/// <summary>
/// Sends a signal to a child process at once, through libc's <c>kill</c>: starting the <c>kill</c> program instead
/// can take seconds on a loaded machine, long enough for a short run to end before the signal arrives.
/// </summary>
internal static class PosixSignal
{
    private const int SigInt = 2;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Sends SIGINT (what Ctrl-C sends) to <paramref name="pid"/>.</summary>
    public static void Interrupt(int pid)
    {
        if (Kill(pid, SigInt) != 0) throw new InvalidOperationException($"kill({pid}, SIGINT) failed: errno {Marshal.GetLastPInvokeError()}.");
    }
}
