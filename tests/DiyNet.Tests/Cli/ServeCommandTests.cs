using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DiyNet.Tests.Data;
using DiyNet.Tests.Serving;
using Xunit;

namespace DiyNet.Tests.Cli;

/// <summary>
/// <c>diynet serve</c> as a process (under CI also the Native AOT executable): it prints the address it listens on,
/// answers, and stops cleanly on Ctrl-C (SIGINT); a bad model or option is one error line and exit code 2.
/// </summary>
[Trait(TestGroup.Name, TestGroup.Cli)]
public partial class ServeCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [GeneratedRegex(@"listening on (http://\S+/)")]
    private static partial Regex Listening();

    [Fact]
    public async Task ServeAnswersThenStopsOnCtrlC()
    {
        using var temp = new TempFolder();
        string model = ServedModels.SaveIris(temp.Root);
        using var process = new Process { StartInfo = CliProcess.StartInfo(temp.Root, "serve", "--model", model, "--port", "0") };
        var lines = new List<string>();
        var errors = new List<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (lines) lines.Add(e.Data);
            if (Listening().Match(e.Data) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.Add(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string Printed()
        {
            lock (lines) lock (errors) return string.Join('\n', lines) + "\n" + string.Join('\n', errors);
        }
        try
        {
            var started = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(Timeout));
            Assert.True(started == listening.Task, $"{CliProcess.Describe()} serve printed no address:\n{Printed()}");
            var address = await listening.Task;
            Assert.Equal("127.0.0.1", address.Host);
            lock (lines) Assert.Contains(lines, l => l.Contains("131 parameters, rows of 4 values, 3 outputs (classes setosa, versicolor, virginica)", StringComparison.Ordinal));

            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
            using var health = JsonDocument.Parse(await http.GetStringAsync("/health"));
            Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
            using var answer = await http.PostAsync("/predict", new StringContent("{\"rows\": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}"));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            using var predictions = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
            Assert.Equal(2, predictions.RootElement.GetProperty("predictions").GetArrayLength());
            using var bad = await http.PostAsync("/predict", new StringContent("{\"rows\": [[5.1, 3.5]]}"));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

            // Ctrl-C. A runner started as a background job of a shell ignores SIGINT, and so would the child: then SIGTERM.
            string signal = IgnoresSigInt() ? "TERM" : "INT";
            using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), $"diynet serve did not stop within 30 s of SIG{signal}");
            process.WaitForExit();   // the end of the redirected output
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode} after SIG{signal}\n{Printed()}");
            Assert.Contains("stopped after 2 predict requests", Printed());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void AMissingModelOrABadOptionIsOneLineAndExitCode2()
    {
        using var temp = new TempFolder();
        var run = CliProcess.Run(Timeout, temp.Root, "serve", "--model", "no-such.safetensors", "--port", "0");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("diynet serve: no-such.safetensors: no such model file.", run.Error);
        string model = ServedModels.SaveIris(temp.Root);
        run = CliProcess.Run(Timeout, temp.Root, "serve", "--model", model, "--port", "70000");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--port 70000: expected a port from 0", run.Error);
        run = CliProcess.Run(Timeout, temp.Root, "serve", "--model", model, "--host", "my-laptop");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--host 'my-laptop': expected an IP address", run.Error);
    }

    private static bool IgnoresSigInt()
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (ulong.Parse(line[7..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 0x2) != 0;
    }
}
