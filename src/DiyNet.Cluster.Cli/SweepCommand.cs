using DiyNet.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using System.CommandLine;
using System.Diagnostics;

namespace DiyNet.Cluster.Cli;

/// <summary>
/// <c>diynet sweep SPEC</c>: a hyper-parameter sweep with cross-validation on an Orleans cluster (an embedded silo by
/// default); <c>diynet sweep status DIR</c> reads a sweep's results table, while it runs or after.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "The sweep file (YAML or JSON): train (the run spec), grid and/or random, folds, metric." };
        var output = new Option<string>("--out", "-o") { Description = "Output folder (created if missing).", DefaultValueFactory = _ => "out/sweep" };
        var cluster = new ClusterOptions();
        var command = new Command("sweep", "Run a hyper-parameter sweep with k-fold cross-validation, in this process or on an Orleans cluster.") { spec, output };
        cluster.AddTo(command);
        command.SetAction(parse =>
        {
            SweepSpec sweep;
            ClusterSettings settings;
            try
            {
                sweep = SweepSpec.Load(parse.GetValue(spec)!.FullName);
                settings = cluster.Read(parse);
            }
            catch (Exception e) when (e is FormatException or IOException)
            {
                Console.Error.WriteLine($"sweep: {e.Message}");
                return 2;
            }
            bool clientOnly = settings.Connection is not null && parse.GetValue(cluster.Slots) == 0;
            return Run(sweep, settings, clientOnly, parse.GetValue(output)!).GetAwaiter().GetResult();
        });
        command.Subcommands.Add(Status());
        return command;
    }

    private static async Task<int> Run(SweepSpec sweep, ClusterSettings settings, bool clientOnly, string output)
    {
        Console.WriteLine($"sweep \"{sweep.Name}\": {sweep.Trials.Count} trials × {sweep.Folds} folds → {Path.GetFullPath(output)}");
        Console.WriteLine(settings.Connection is null
            ? $"  in this process: an embedded silo, {settings.Slots} slots"
            : $"  on cluster \"{settings.ClusterId}\" ({(clientOnly ? "driving only" : $"this process trains too, {settings.Slots} slots, {settings.Address}:{settings.SiloPort}")})");
        using var host = await ClusterOptions.TryStartHostAsync("sweep", settings, clientOnly);
        if (host is null) return 2;
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var clock = Stopwatch.StartNew();
        bool tty = !Console.IsOutputRedirected;
        var progress = new Progress<SweepProgress>(p =>
        {
            if (tty) Console.Write($"\r  {p}        ");
            else Console.WriteLine($"  {p}");
        });
        var runner = new SweepRunner(grains, sweep, output, new SweepRunnerOptions { SlotsPerSilo = settings.Slots });
        var outcome = await runner.RunAsync(progress);
        if (tty) Console.WriteLine();
        await host.StopAsync();
        Console.WriteLine($"  {outcome.Results.Count(r => r.Succeeded)} done, {outcome.Results.Count(r => !r.Succeeded)} failed in {outcome.Seconds:F1} s" +
                          (outcome.Restarts > 0 ? $", {outcome.Restarts} trials restarted after a silo was lost" : ""));
        if (outcome.BestTrial is int best)
        {
            var r = outcome.Results[best];
            Console.WriteLine($"  best: trial {best} ({sweep.Trials[best]}): {sweep.Metric} {r.Mean:F4} ± {r.Std:F4}" +
                              (outcome.TestScore is double t ? $"; retrained on the whole training part, held-out {sweep.Metric} {t:F4}" : ""));
        }
        Console.WriteLine($"  {Path.Combine(output, ResultsTable.FileName)}, results.md, sweep.json, trials.jsonl, best/");
        return 0;
    }

    private static Command Status()
    {
        var dir = new Argument<DirectoryInfo>("dir") { Description = "The sweep's output folder." };
        var command = new Command("status", "Show a sweep's progress from its results table (while it runs or after).") { dir };
        command.SetAction(parse =>
        {
            string path = Path.Combine(parse.GetValue(dir)!.FullName, ResultsTable.FileName);
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"sweep status: no {ResultsTable.FileName} in {parse.GetValue(dir)!.FullName} (not a sweep folder, or the sweep has not started).");
                return 2;
            }
            var (header, rows) = ResultsTable.Read(path);
            int status = Array.IndexOf(header, "status"), rank = Array.IndexOf(header, "rank"), mean = Array.FindIndex(header, h => h.EndsWith("_mean", StringComparison.Ordinal));
            int Count(string s) => rows.Count(r => r[status] == s);
            Console.WriteLine($"{rows.Count} trials: {Count("done")} done, {Count("failed")} failed, {Count("running")} running, {Count("pending")} pending");
            var best = rows.FirstOrDefault(r => r[rank] == "1" && r[status] == "done");
            if (best is not null)
            {
                var parameters = Enumerable.Range(status + 1, mean - status - 1).Where(i => best[i].Length > 0).Select(i => $"{header[i]}={best[i]}");
                Console.WriteLine($"best so far: trial {best[0]} ({string.Join(", ", parameters)}): {header[mean]} {double.Parse(best[mean], System.Globalization.CultureInfo.InvariantCulture):F4}");
            }
            foreach (var failed in rows.Where(r => r[status] == "failed").Take(5))
                Console.WriteLine($"failed: trial {failed[0]}: {failed[^1]}");
            return 0;
        });
        return command;
    }
}
