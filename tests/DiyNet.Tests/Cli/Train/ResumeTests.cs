using System.Diagnostics;
using DiyNet.Tests.Data;
using Xunit;

namespace DiyNet.Tests.Cli.Train;

/// <summary>
/// A run stopped by SIGKILL or SIGINT and resumed with --resume ends with the same bytes as an uninterrupted run
/// (the network has dropout: its mask stream is resumed too; the run steps a learning-rate schedule, whose state is in
/// the checkpoint: a resume that lost it would train at another rate).
/// The runs to compare start in child processes (the library's shared generator then belongs to each run alone).
/// </summary>
[Collection(TrainCollection.Name)]
public class ResumeTests
{
    private static string[] Args(string data, string output) =>
        ["train", "--model", "Linear(_,64) ReLU Dropout(0.2) Linear(64,_)", "--data", data, "--epochs", "30", "--batch-size", "4",
         "--optimizer", "momentum", "--lr", "0.02", "--schedule", "step:4,0.5", "--out", output];

    private static string Reference(TempFolder dir, string data)
    {
        string output = Path.Combine(dir.Root, "reference");
        var run = CliRunner.RunChild(Args(data, output));
        Assert.True(run.Code == 0, run.Error + run.Output);
        return output;
    }

    private static void AssertSameRun(string expected, string actual)
    {
        Assert.Equal(File.ReadAllBytes(Path.Combine(expected, "last.safetensors")), File.ReadAllBytes(Path.Combine(actual, "last.safetensors")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(expected, "best.safetensors")), File.ReadAllBytes(Path.Combine(actual, "best.safetensors")));
        // The same losses epoch by epoch (the seconds column differs).
        static string[] Losses(string folder) => File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Select(l => l[..l.LastIndexOf(',')]).ToArray();
        Assert.Equal(Losses(expected), Losses(actual));
    }

    [Fact]
    public void ResumeAfterSigkillIsBitIdentical()
    {
        using var dir = new TempFolder();
        string data = TrainData.Blobs(dir.Root, perClass: 600);
        string expected = Reference(dir, data);
        string output = Path.Combine(dir.Root, "killed");
        using (var child = CliRunner.Start(Args(data, output)))
        {
            string checkpoint = Path.Combine(output, "checkpoint.safetensors");
            var clock = Stopwatch.StartNew();
            while (!File.Exists(checkpoint) && !child.HasExited && clock.Elapsed.TotalSeconds < 60) Thread.Sleep(5);
            if (child.HasExited) Assert.Fail("the child ended before it could be killed: " + child.StandardError.ReadToEnd());
            child.Kill();   // SIGKILL
            child.WaitForExit();
        }
        string status = File.ReadAllText(Path.Combine(output, "run.json"));
        Assert.True(status.Contains("\"status\": \"running\"", StringComparison.Ordinal), status);
        var resumed = CliRunner.Run("train", "--resume", output);
        Assert.True(resumed.Code == 0, resumed.Error + resumed.Output);
        Assert.Contains("resuming after epoch ", resumed.Output);
        AssertSameRun(expected, output);
    }

    [Fact]
    public void ResumeAfterSigintIsBitIdentical()
    {
        using var dir = new TempFolder();
        string data = TrainData.Blobs(dir.Root, perClass: 600);
        string expected = Reference(dir, data);
        string output = Path.Combine(dir.Root, "interrupted");
        CliRunner.Result interrupted;
        using (var child = CliRunner.Start(Args(data, output)))
        {
            var lines = new List<string>();
            string? line;
            while ((line = child.StandardOutput.ReadLine()) is not null)
            {
                lines.Add(line);
                if (line.StartsWith("epoch 2/", StringComparison.Ordinal)) break;
            }
            Assert.NotNull(line);
            Assert.False(PosixSignal.InterruptIgnoredHere(), "SIGINT is ignored in the test process (started with '&' by a " +
                "non-interactive shell?): the child inherits that and cannot be interrupted. Run the tests in the foreground.");
            PosixSignal.Interrupt(child.Id);
            string rest = child.StandardOutput.ReadToEnd();
            Assert.True(child.WaitForExit(60_000));
            interrupted = new CliRunner.Result(child.ExitCode, string.Join("\n", lines) + "\n" + rest, child.StandardError.ReadToEnd());
        }
        Assert.True(interrupted.Code == 130, interrupted.Error + interrupted.Output);
        Assert.Contains($"resume with: diynet train --resume {output}", interrupted.Output);
        Assert.Contains("\"status\": \"interrupted\"", File.ReadAllText(Path.Combine(output, "run.json")));
        var fresh = CliRunner.Run(Args(data, output));
        Assert.Equal(2, fresh.Code);
        Assert.Contains("holds an interrupted run", fresh.Error);
        var resumed = CliRunner.Run("train", "--resume", output);
        Assert.True(resumed.Code == 0, resumed.Error + resumed.Output);
        AssertSameRun(expected, output);
    }
}
