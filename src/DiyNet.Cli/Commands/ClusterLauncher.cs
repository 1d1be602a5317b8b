using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DiyNet.Cli.Commands;

/// <summary>
/// <c>diynet sweep|worker|data-parallel …</c>: hands the whole command line to the <c>diynet-cluster</c> executable
/// (src/DiyNet.Cluster.Cli), which runs on the JIT because Microsoft Orleans does not run under Native AOT. It is looked
/// for in the <c>DIYNET_CLUSTER</c> variable (an executable, or a <c>.dll</c> run with <c>dotnet</c>; when set, it must
/// exist), beside this executable, then on the PATH. Its exit code is this command's.
/// </summary>
internal static class ClusterLauncher
{
    /// <summary>The variable naming the cluster executable (or its <c>.dll</c>).</summary>
    public const string Variable = "DIYNET_CLUSTER";

    private const string Name = "diynet-cluster";

    /// <summary>True when <paramref name="args"/> names a command of the cluster executable.</summary>
    public static bool Handles(string[] args) => args.Length > 0 && args[0] is "sweep" or "worker" or "data-parallel";

    /// <summary>Runs the cluster executable with <paramref name="args"/>; its output goes to the given writers (inherited when they are the console's).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named && !File.Exists(named))
        {
            error.WriteLine($"diynet {args[0]}: {Variable} names {named}, which does not exist (the diynet-cluster executable, or its .dll).");
            return 2;
        }
        if (Locate() is not var (file, prefix))
        {
            error.WriteLine($"diynet {args[0]}: the sweep, worker and data-parallel commands run in the executable {Name} (Microsoft Orleans does not run " +
                            $"under Native AOT), not found in ${Variable}, beside {Environment.ProcessPath} or on the PATH. Build it with " +
                            $"`dotnet publish src/DiyNet.Cluster.Cli -c Release -o DIR` and put DIR on the PATH, or set {Variable}=DIR/{Name}.");
            return 2;
        }
        bool console = ReferenceEquals(output, Console.Out) && ReferenceEquals(error, Console.Error);
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = !console, RedirectStandardError = !console };
        foreach (string a in prefix.Concat(args)) start.ArgumentList.Add(a);
        using var process = new Process { StartInfo = start };
        if (!console)
        {
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.WriteLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.WriteLine(e.Data); };
        }
        // Ctrl+C reaches the child from the terminal; this process waits for it to finish instead of dying first.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            error.WriteLine($"diynet {args[0]}: cannot start {file}: {e.Message}");
            return 2;
        }
        if (!console)
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>The program to start and the arguments that come before the user's (the <c>.dll</c> when it runs under <c>dotnet</c>).</summary>
    private static (string File, string[] Prefix)? Locate()
    {
        string exe = OperatingSystem.IsWindows() ? Name + ".exe" : Name;
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named) candidates.Add(named);
        candidates.Add(Path.Combine(AppContext.BaseDirectory, exe));
        candidates.Add(Path.Combine(AppContext.BaseDirectory, Name + ".dll"));
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            candidates.Add(Path.Combine(dir, exe));
        foreach (string candidate in candidates.Where(File.Exists))
            return candidate.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ("dotnet", [candidate]) : (candidate, []);
        return null;
    }
}
