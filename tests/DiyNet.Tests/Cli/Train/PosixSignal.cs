using System.Runtime.InteropServices;

namespace DiyNet.Tests.Cli.Train;

/// <summary>
/// Sends SIGINT to a child process through libc's <c>kill</c> (no <c>kill</c> program to start), and tells whether
/// this process ignores SIGINT — a disposition its children inherit: a command started with <c>&amp;</c> by a
/// non-interactive shell ignores SIGINT, and .NET then keeps ignoring it, so such a child cannot be interrupted.
/// </summary>
internal static class PosixSignal
{
    private const int SigInt = 2;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>True when SIGINT is ignored in this process (bit 2 of <c>SigIgn</c> in <c>/proc/self/status</c>).</summary>
    public static bool InterruptIgnoredHere()
    {
        const string Key = "SigIgn:";
        string? line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(Key, StringComparison.Ordinal)) : null;
        return line is not null && (Convert.ToUInt64(line[Key.Length..].Trim(), 16) & (1UL << (SigInt - 1))) != 0;
    }

    /// <summary>Sends SIGINT (what Ctrl-C sends) to <paramref name="pid"/>.</summary>
    public static void Interrupt(int pid)
    {
        if (Kill(pid, SigInt) != 0) throw new InvalidOperationException($"kill({pid}, SIGINT) failed: errno {Marshal.GetLastPInvokeError()}.");
    }
}
