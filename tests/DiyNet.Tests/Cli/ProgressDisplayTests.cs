using System.Diagnostics;
using System.Text.RegularExpressions;
using DiyNet.Tests.Cli.Train;
using DiyNet.Tests.Data;
using Xunit;

namespace DiyNet.Tests.Cli;

/// <summary>
/// How <c>diynet train</c> shows its progress: plain lines, one per epoch, when its output is redirected (a log, a
/// pipe, CI), and a live bar with the ETA when it writes to a terminal — a pseudo-terminal made by util-linux
/// <c>script</c> here. Run as a process (again against the Native AOT executable under CI).
/// </summary>
[Trait(TestGroup.Name, TestGroup.Cli)]
public partial class ProgressDisplayTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [GeneratedRegex(@"^epoch (\d)/3  loss \d+\.\d{4}  val loss \d+\.\d{4}  val acc \d\.\d{4}  \d+\.\ds(  \*)?$")]
    private static partial Regex EpochLine();

    private static string[] Train(string folder, string output) =>
        ["train", "--model", "Linear(_,8) ReLU Linear(8,_)", "--data", TrainData.Blobs(folder), "--target", "kind", "--features", "x,y",
         "--epochs", "3", "--out", output];

    [Fact]
    public void RedirectedOutputGetsOnePlainLinePerEpoch()
    {
        using var dir = new TempFolder();
        var run = CliProcess.Run(Timeout, dir.Root, Train(dir.Root, Path.Combine(dir.Root, "run")));
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.DoesNotContain('\u001b', run.Output);
        var epochs = run.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("epoch ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, epochs.Count);
        for (int e = 0; e < 3; e++)
        {
            var match = EpochLine().Match(epochs[e]);
            Assert.True(match.Success, $"not a plain epoch line: \"{epochs[e]}\"");
            Assert.Equal($"{e + 1}", match.Groups[1].Value);
        }
        Assert.DoesNotContain("━", run.Output);
    }

    [Fact]
    public async Task ATerminalGetsALiveBarWithTheRemainingTime()
    {
        using var dir = new TempFolder();
        string output = Path.Combine(dir.Root, "run");
        string[] args = Train(dir.Root, output);
        string? native = Environment.GetEnvironmentVariable(CliProcess.ExecutableVariable);
        string[] command = native is { Length: > 0 } ? [native, .. args] : ["dotnet", Path.Combine(AppContext.BaseDirectory, "DiyNet.Cli.dll"), .. args];
        var start = new ProcessStartInfo("script")
        {
            WorkingDirectory = dir.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // script -q (no banner) -e (its exit code is the command's) -f (flush) -c COMMAND /dev/null: the command runs on a
        // pseudo-terminal, whose output comes back through script's standard output.
        foreach (string a in new[] { "-qefc", string.Join(' ', command.Select(Quote)), "/dev/null" }) start.ArgumentList.Add(a);
        start.Environment["TERM"] = "xterm-256color";
        start.Environment["COLUMNS"] = "120";
        foreach (string ci in new[] { "CI", "GITHUB_ACTIONS", "TF_BUILD", "GITLAB_CI", "JENKINS_URL", "TEAMCITY_VERSION", "TRAVIS", "APPVEYOR", "BITBUCKET_BUILD_NUMBER" })
            start.Environment.Remove(ci);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(Timeout))
        {
            try { await process.WaitForExitAsync(limit.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"diynet train on a pseudo-terminal ran past {Timeout.TotalSeconds} s.");
            }
        }
        process.StandardInput.Close();
        string screen = await stdout;
        Assert.True(process.ExitCode == 0, screen + await stderr);
        Assert.Contains("\u001b[", screen);                 // terminal control sequences: the live display
        Assert.Contains("━", screen);                       // the bar
        Assert.Contains("100%", screen);
        Assert.Matches(@"\d:\d\d:\d\d", screen);            // elapsed and remaining time (ETA) columns
        Assert.Contains("epoch 3/3  loss", screen);          // the running description and the epoch lines above the bar
        Assert.True(File.Exists(Path.Combine(output, "best.safetensors")));
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
