using System.Runtime.InteropServices;
using DiyNet.Cli.Commands;
using DiyNet.Kernels;

namespace DiyNet.Cli.Training;

/// <summary>
/// Runs a <c>diynet train</c> with its folder discipline: the lock, run.json kept up to date (running → finished,
/// interrupted or failed), Ctrl-C finishing the current batch and writing a checkpoint, the report at the end.
/// </summary>
internal static class TrainRun
{
    /// <summary>Trains; returns the exit code (0, or 130 when interrupted).</summary>
    /// <param name="settings">The run.</param>
    /// <param name="resuming">Resume the run of the settings' folder.</param>
    /// <param name="output">Progress.</param>
    /// <param name="workers">The data-parallel workers of a run with a shard size (null: one in this process).</param>
    public static int Execute(TrainSettings settings, bool resuming, TextWriter output, DiyNet.Training.IShardWorkers? workers = null)
    {
        using var folderLock = RunLock.Acquire(settings.Out);
        if (!resuming && File.Exists(Checkpoints.PathIn(settings.Out)) && File.Exists(Path.Combine(settings.Out, RunRecord.FileName))
            && RunRecord.Read(settings.Out).Status is "interrupted" or "running")
            throw new IOException($"{settings.Out} holds an interrupted run: resume it with `diynet train --resume {settings.Out}`, or choose another --out.");
        if (settings.Threads is int t) KernelSettings.MaxThreads = t;
        var started = DateTime.UtcNow;
        // A run killed before its first checkpoint starts again from the beginning: the same settings give the same run.
        var session = resuming && File.Exists(Checkpoints.PathIn(settings.Out))
            ? TrainingSession.Resume(settings, output.WriteLine, workers)
            : TrainingSession.Start(settings, output.WriteLine, workers);
        var record = new RunRecord
        {
            Settings = settings, DiyNetVersion = RunRecord.Version, DataSha256 = RunRecord.Hash(session.Train.Files.Concat(session.Validation?.Files ?? [])),
            Status = "running", Started = resuming ? RunRecord.Read(settings.Out).Started : started,
        };
        record.Write(settings.Out);
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            if (stop.IsCancellationRequested) return;   // a second Ctrl-C ends the process at once
            context.Cancel = true;
            stop.Cancel();
        });
        bool finished;
        try
        {
            finished = Observe(session, output, stop.Token);
        }
        catch (Exception e)
        {
            (record with { Status = "failed", Ended = DateTime.UtcNow, Error = e.Message, EpochsDone = session.State.Epoch }).Write(settings.Out);
            throw;
        }
        if (session.ShardedStats() is string stats) output.WriteLine(stats);
        var state = session.State;
        if (!finished)
        {
            (record with { Status = "interrupted", EpochsDone = state.Epoch }).Write(settings.Out);
            output.WriteLine($"interrupted after epoch {state.Epoch}{(state.Batch > 0 ? $", batch {state.Batch}" : "")}; checkpoint written.");
            output.WriteLine($"resume with: diynet train --resume {settings.Out}");
            return CommandErrors.Interrupted;
        }
        var best = state.History.FirstOrDefault(h => h.Epoch == state.BestEpoch);
        record = record with
        {
            Status = "finished", Ended = DateTime.UtcNow, EpochsDone = state.Epoch, BestEpoch = best is null ? null : state.BestEpoch,
            BestValidationMetric = best?.ValidationMetric,
        };
        TrainReport.Write(session, record);
        record.Write(settings.Out);
        output.WriteLine($"done: {state.Epoch} epochs{(state.StoppedEarly ? " (stopped early)" : "")}" +
            (best?.ValidationMetric is double m ? $"; best epoch {state.BestEpoch}, validation {(session.Card.Task == TaskKind.Classification ? "accuracy" : "R²")} {m:F4}" : "") +
            $"; wrote {Path.Combine(settings.Out, TrainingSession.BestFile)}, {Path.Combine(settings.Out, TrainReport.FileName)}");
        return CommandErrors.Ok;
    }

    private static bool Observe(TrainingSession session, TextWriter output, CancellationToken stop)
    {
        bool terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && Spectre.Console.AnsiConsole.Profile.Capabilities.Interactive;
        if (!terminal) return session.Run(new PlainObserver(output, session.Card.Task), stop);
        int batches = (session.Train.Count + session.Settings.BatchSize - 1) / session.Settings.BatchSize;
        return LiveObserver.Show(context =>
            session.Run(new LiveObserver(context, session.Card.Task, session.Settings.Epochs, batches, session.State.Epoch), stop));
    }
}
