using DiyNet.Optimization;
using System.Diagnostics;
using DiyNet.Cli.Reports;

namespace DiyNet.Cli.Experiments;

/// <summary>
/// Runs experiments, writes <c>report.md</c> with their sections and figures (<see cref="ReportDocument"/>), and prints
/// a summary. The output folder is locked for the run and cleared of the previous report first
/// (<see cref="ReportFolder"/>); the report is written last, atomically.
/// </summary>
internal static class ExperimentRunner
{
    public static int Run(IReadOnlyList<Experiment> experiments, string outputDirectory, string? dataDirectory, int seed, string title, bool quiet = false)
    {
        if (dataDirectory is not null && !Directory.Exists(dataDirectory))
        {
            Console.Error.WriteLine(File.Exists(dataDirectory)
                ? $"diynet: data folder '{dataDirectory}' is a file; --data takes the folder that holds the data sets."
                : $"diynet: data folder '{dataDirectory}' does not exist.");
            return 2;
        }
        if (File.Exists(outputDirectory))
        {
            Console.Error.WriteLine($"diynet: output folder '{outputDirectory}' is a file; give a folder for the report.");
            return 2;
        }
        using var folder = ReportFolder.TryTake(outputDirectory, out string? busy);
        if (folder is null)
        {
            Console.Error.WriteLine($"diynet: {busy}");
            return 2;
        }
        var progress = new ConsoleProgress { Quiet = quiet };
        var sections = new List<ReportSection>();
        var skipped = new List<Experiment>();
        var failed = new List<(Experiment, Exception)>();
        var total = Stopwatch.StartNew();
        foreach (var experiment in experiments)
        {
            if (experiment.NeedsDataFolder && dataDirectory is null)
            {
                skipped.Add(experiment);
                continue;
            }
            progress.Line($"▶ {experiment.Name}: {experiment.Title}");
            var section = new ReportSection(experiment.Name, experiment.Title, experiment.Source);
            var clock = Stopwatch.StartNew();
            try
            {
                experiment.Run(new ExperimentContext(outputDirectory, dataDirectory, seed, section, progress));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or TrainingDivergedException or InvalidOperationException or ArgumentException)
            {
                failed.Add((experiment, e));
                progress.Line($"✘ {experiment.Name} failed: {e.Message}");
                continue;
            }
            section.Seconds = clock.Elapsed.TotalSeconds;
            sections.Add(section);
            progress.Line($"  done in {section.Seconds:F1} s");
            foreach (var r in section.Results) progress.Line($"    {r.What}: {r.ValueText}  {(r.Target is null ? "" : "target " + r.TargetText)}");
        }

        string path = Path.Combine(outputDirectory, "report.md");
        AtomicFile.WriteAllText(path, ReportDocument.Compose(title, sections, skipped.Select(e => e.Name).ToList(),
            failed.Select(f => (f.Item1.Name, f.Item2.Message)).ToList(), seed, total.Elapsed.TotalSeconds));
        int missed = sections.SelectMany(s => s.Results).Count(r => r.Met == false);
        progress.Line($"Report written to {path} ({sections.Count} experiments, {total.Elapsed.TotalSeconds:F1} s, " +
                      $"{missed} target(s) missed{(skipped.Count > 0 ? $", {skipped.Count} skipped: no --data" : "")}).");
        return failed.Count > 0 ? 1 : 0;
    }
}
