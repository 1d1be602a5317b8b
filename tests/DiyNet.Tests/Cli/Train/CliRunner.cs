using System.Diagnostics;
using DiyNet.Cli;

namespace DiyNet.Tests.Cli.Train;

/// <summary>Runs the diynet command in-process (output captured) or as a child process (for signals).</summary>
internal static class CliRunner
{
    public sealed record Result(int Code, string Output, string Error);

    /// <summary>Runs <c>diynet args…</c> in this process.</summary>
    public static Result Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.Run(args, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }

    /// <summary>Starts <c>diynet args…</c> as a child process with its output redirected.</summary>
    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DiyNet.Cli.dll"));
        foreach (string a in args) info.ArgumentList.Add(a);
        info.Environment["DIYNET_THREADS"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the diynet child process.");
    }

    /// <summary>Runs a child to its end (bounded) and returns its exit code and output.</summary>
    public static Result RunChild(params string[] args)
    {
        using var p = Start(args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"diynet {string.Join(' ', args)} did not end within 120 s.");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
