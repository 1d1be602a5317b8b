using System.Diagnostics;
using DiyNet.Tests.Cli;

namespace DiyNet.Tests.Cluster;

/// <summary>Runs <c>diynet-cluster</c> (the managed assembly beside the tests, on the JIT) as a user does, in a child process.</summary>
internal static class ClusterProcess
{
    /// <summary>The assembly of <c>diynet-cluster</c> in the tests' output folder.</summary>
    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "diynet-cluster.dll");

    /// <summary>Runs <c>diynet-cluster args</c> in <paramref name="directory"/> with DIYNET_THREADS=1, at most <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">It ran longer (it is killed).</exception>
    public static CliProcess.Result Run(TimeSpan timeout, string directory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Assembly);
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["DIYNET_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"diynet-cluster {string.Join(' ', args)} ran past {timeout.TotalSeconds} s.");
        }
        process.WaitForExit();
        return new CliProcess.Result(process.ExitCode, output.Result, error.Result);
    }
}
