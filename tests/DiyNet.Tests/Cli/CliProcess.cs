using System.Diagnostics;
using System.Text;

namespace DiyNet.Tests.Cli;

/// <summary>
/// Runs the <c>diynet</c> command as a user does, in a child process: the native executable named by the
/// <c>DIYNET_CLI</c> variable (what <c>.ci/run</c> sets after the Native AOT publish), else
/// <c>dotnet DiyNet.Cli.dll</c> from the test's own output folder.
/// </summary>
internal static class CliProcess
{
    /// <summary>The variable that names a published <c>diynet</c> executable to test instead of the managed build.</summary>
    public const string ExecutableVariable = "DIYNET_CLI";

    /// <summary>The result of one run: exit code and the standard output and error.</summary>
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>What is under test, for messages: the native executable's path or the managed DLL's.</summary>
    public static string Describe() => Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } exe
        ? exe : "dotnet " + Path.Combine(AppContext.BaseDirectory, "DiyNet.Cli.dll");

    /// <summary>How to start <c>diynet args</c> in <paramref name="directory"/> (default: the temp folder), output and error redirected.</summary>
    public static ProcessStartInfo StartInfo(string? directory, params string[] args)
    {
        string? native = Environment.GetEnvironmentVariable(ExecutableVariable);
        var start = new ProcessStartInfo(native is { Length: > 0 } ? native : "dotnet")
        {
            WorkingDirectory = directory ?? Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (native is not { Length: > 0 }) start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DiyNet.Cli.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        return start;
    }

    /// <summary>Runs <c>diynet args</c> in <paramref name="directory"/> (default: the temp folder), at most <paramref name="timeout"/>.</summary>
    public static Result Run(TimeSpan timeout, string? directory, params string[] args) => Run(timeout, directory, null, args);

    /// <summary>Runs <c>diynet args</c> with <paramref name="environment"/> added to this process's variables.</summary>
    public static Result Run(TimeSpan timeout, string? directory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = StartInfo(directory, args);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var output = new StringBuilder();
        var error = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Describe()} {string.Join(' ', args)} ran past {timeout.TotalSeconds} s.");
        }
        process.WaitForExit();
        lock (output) lock (error) return new Result(process.ExitCode, output.ToString(), error.ToString());
    }
}
