using System.Diagnostics;
using DiyNet.Modules;
using DiyNet.Serialization;
using DiyNet.Tests.Data;
using Xunit;
using Xunit.Abstractions;

namespace DiyNet.Tests.Serialization;

public class KillDuringSaveTests(ITestOutputHelper output)
{
    private const int Kills = 50;

    [Fact]
    public void AProcessKilledWhileSavingLeavesThePreviousOrTheNewModelComplete()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Root, "big.safetensors");
        var random = new Random(2026);
        int onDisk = 0, duringSaves = 0;
        var clock = Stopwatch.StartNew();
        for (int kill = 0; kill < Kills; kill++)
        {
            var (acknowledged, saves) = RunAndKill(path, onDisk + 1, random);
            if (saves > 0) duringSaves++;
            var net = Module.Load(path);
            float value = net.Parameters[0].Value.Span[0];
            foreach (var p in net.Parameters)
                Assert.True(!p.Value.Span.ContainsAnyExcept(value), $"kill {kill}: the file mixes versions ({value} and others)");
            int version = (int)value;
            Assert.True(version == acknowledged || version == acknowledged + 1,
                $"kill {kill}: the file holds version {version}, the child had reported {acknowledged}");
            onDisk = version;
            foreach (var temporary in Directory.GetFiles(folder.Root, "*.tmp")) File.Delete(temporary);
            Assert.Equal([path], Directory.GetFiles(folder.Root));
        }
        output.WriteLine($"{Kills} SIGKILLs ({duringSaves} after at least one save of the run), last version {onDisk}, {clock.Elapsed.TotalSeconds:F1} s");
    }

    // Starts the child at version first, waits for its first save, lets it run a random while and SIGKILLs it.
    // Returns the last version it reported on disk (first − 1 when none) and how many it reported.
    private static (int Acknowledged, int Saves) RunAndKill(string path, int first, Random random)
    {
        var start = new ProcessStartInfo(DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "DiyNet.Tests.SaveLoop.dll"), path, first.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var child = Process.Start(start)!;
        int acknowledged = first - 1, saves = 0;
        var firstSave = new ManualResetEventSlim();
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("saved ", StringComparison.Ordinal))
            {
                Volatile.Write(ref acknowledged, int.Parse(line[6..]));
                Interlocked.Increment(ref saves);
                firstSave.Set();
            }
        };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        Assert.True(firstSave.Wait(TimeSpan.FromSeconds(30)) || File.Exists(path), "the child never saved");
        Thread.Sleep(random.Next(0, 60));
        child.Kill();
        child.WaitForExit();
        return (Volatile.Read(ref acknowledged), saves);
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
}
