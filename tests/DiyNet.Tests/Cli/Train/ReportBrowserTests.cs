using System.Diagnostics;
using System.Text.RegularExpressions;
using DiyNet.Tests.Data;
using Xunit;

namespace DiyNet.Tests.Cli.Train;

/// <summary>
/// report.html opened from disk in a real browser — Debian's chromium, headless, installed by .ci/run — with the
/// network cut off (every host unresolvable, every proxy unreachable): every figure is there as SVG and the page
/// logs nothing to the console.
/// </summary>
[Collection(TrainCollection.Name)]
public class ReportBrowserTests
{
    [Fact]
    public void ReportLoadsInHeadlessChromiumWithEveryFigureAndNoError()
    {
        using var dir = new TempFolder();
        string bars = TrainData.Bars(dir.Root, perClass: 12);
        string output = Path.Combine(dir.Root, "run");
        var train = CliRunner.Run("train", "--model", "Linear(_,_)", "--data", bars, "--image-size", "8x8", "--epochs", "3", "--out", output);
        Assert.True(train.Code == 0, train.Error + train.Output);
        string report = Path.Combine(output, "report.html");
        string html = File.ReadAllText(report);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/", "", StringComparison.Ordinal));
        Assert.DoesNotContain("https://", html);

        var (dom, log) = Chromium(report, dir.Root);
        string[] ids = ["loss", "metric", "confusion", "mistakes"];
        foreach (string id in ids)
        {
            var figure = Regex.Match(dom, $"<figure id=\"{id}\">(.*?)</figure>", RegexOptions.Singleline);
            Assert.True(figure.Success, $"figure {id} missing from the page the browser built");
            Assert.Matches("<svg[^>]*viewBox=\"0 0 [0-9.]+ [0-9.]+\"", figure.Groups[1].Value);
            Assert.Contains("<figcaption>", figure.Groups[1].Value);
        }
        Assert.Equal(ids.Length, Regex.Matches(dom, "<figure ").Count);
        var console = log.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToArray();
        Assert.True(console.Length == 0, "the page logged: " + string.Join("\n", console));
    }

    /// <summary>Loads <paramref name="page"/> in headless chromium; returns the DOM it built and its log.</summary>
    private static (string Dom, string Log) Chromium(string page, string scratch)
    {
        string browser = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("chromium is not installed: `bash .ci/run` installs it (apt-get install chromium).");
        var info = new ProcessStartInfo(browser) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-dev-shm-usage",
            "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--log-level=0",
            $"--user-data-dir={Path.Combine(scratch, "chromium-profile")}", "--dump-dom", new Uri(page).AbsoluteUri,
        })
            info.ArgumentList.Add(a);
        info.Environment["DBUS_SESSION_BUS_ADDRESS"] = "disabled:";
        using var p = Process.Start(info)!;
        var dom = p.StandardOutput.ReadToEndAsync();
        var log = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not load the report within 120 s.");
        }
        return (dom.Result, log.Result);
    }
}
