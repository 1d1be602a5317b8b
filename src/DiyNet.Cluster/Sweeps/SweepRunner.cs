using DiyNet.Serialization;
using DiyNet.Training;
using Orleans.Runtime.Placement;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiyNet.Cluster;

/// <summary>
/// Drives a sweep on an Orleans cluster: hands each trial to a <see cref="ITrialGrain"/> (any silo can take it; the
/// driver starts it on the active silo with the fewest of its trials, see <see cref="TrialPlacement"/>), at most
/// <see cref="SweepRunnerOptions.SlotsPerSilo"/> × active silos at once, asks each for its result, and starts again on
/// a live silo a trial whose silo died. Writes to the output folder: <c>sweep.json</c> (every trial's run spec),
/// <c>results.csv</c> (<see cref="ResultsTable"/>, rewritten as trials finish), <c>trials.jsonl</c> (a journal: host,
/// seconds, restarts), <c>results.md</c>, and <c>best/</c> (the best trial retrained on the whole training part: <c>model.safetensors</c>, its run spec and metrics).
/// </summary>
public sealed class SweepRunner
{
    private readonly IGrainFactory _grains;
    private readonly SweepSpec _spec;
    private readonly string _output;
    private readonly SweepRunnerOptions _options;

    /// <summary>Creates the driver.</summary>
    /// <param name="grains">The cluster (a silo's or a client's grain factory).</param>
    /// <param name="spec">The sweep.</param>
    /// <param name="outputDirectory">Where results go (created).</param>
    /// <param name="options">Slots, polling, giving up, final training.</param>
    public SweepRunner(IGrainFactory grains, SweepSpec spec, string outputDirectory, SweepRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        _grains = grains; _spec = spec; _output = outputDirectory; _options = options ?? new SweepRunnerOptions();
    }

    /// <summary>Runs every trial and writes the results.</summary>
    /// <param name="progress">Receives the state after each finished trial and about once a second.</param>
    /// <param name="cancellationToken">Stops handing out trials and waiting.</param>
    public async Task<SweepOutcome> RunAsync(IProgress<SweepProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(_output);
        int n = _spec.Trials.Count;
        string sweepId = $"{_spec.Name}-{Guid.NewGuid():N}";
        var requests = new TrialRequest?[n];
        var results = new TrialResult?[n];
        var running = new bool[n];
        var specs = new JsonArray();
        for (int t = 0; t < n; t++)
        {
            var entry = new JsonObject { ["trial"] = t, ["parameters"] = new JsonObject(_spec.Trials[t].Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(ParameterSet.Format(p.Value))))) };
            try
            {
                var resolved = _spec.Train.Resolve(_spec.Trials[t]);
                requests[t] = new TrialRequest(sweepId, t, resolved.ToJson(), _spec.Folds, _spec.Metric);
                entry["runSpec"] = JsonNode.Parse(resolved.ToJson());
            }
            catch (FormatException e)
            {
                results[t] = new TrialResult(t, [.. Enumerable.Repeat(double.NaN, _spec.Folds)], $"FormatException: {e.Message}", "driver", 0);
                entry["error"] = e.Message;
            }
            specs.Add((JsonNode)entry);
        }
        var sweepFile = new JsonObject { ["name"] = _spec.Name, ["folds"] = _spec.Folds, ["metric"] = _spec.Metric, ["trials"] = specs };
        SweepFiles.WriteAtomic(Path.Combine(_output, SweepFiles.Spec), sweepFile.ToJsonString(SpecJson.Indented));
        string journal = Path.Combine(_output, SweepFiles.Journal);
        File.WriteAllText(journal, "");

        var clock = Stopwatch.StartNew();
        var sync = new object();
        var placement = new TrialPlacement();
        int restarts = 0;
        void Save()
        {
            lock (sync) SweepFiles.WriteAtomic(Path.Combine(_output, ResultsTable.FileName), ResultsTable.ToCsv(_spec, results, running));
        }
        SweepProgress State()
        {
            lock (sync)
            {
                var ranks = ResultsTable.Ranks(_spec, results);
                int best = Array.IndexOf(ranks, 1);
                bool hasBest = best >= 0 && results[best]!.Succeeded;
                return new SweepProgress(n, results.Count(r => r is { Succeeded: true }), results.Count(r => r is { Succeeded: false }),
                    running.Count(r => r), hasBest ? best : null, hasBest ? results[best]!.Mean : double.NaN, clock.Elapsed.TotalSeconds);
            }
        }

        async Task Drive(int t)
        {
            var grain = _grains.GetGrain<ITrialGrain>($"{sweepId}/{t}");
            var unreachableSince = (Stopwatch?)null;
            // The silos the trial was handed to: seen running there, or placed there when a call failed (a silo killed
            // before it answered the call that started the trial). More than one: the trial was started again.
            var silos = new HashSet<SiloAddress>();
            bool answered = false;   // a poll answered since the trial was last placed
            TrialResult? result = null;
            SiloAddress? placed = placement.Take();
            try
            {
                while (result is null)
                {
                    try
                    {
                        // The hint only matters when the call activates the grain: on the first call, and on the first
                        // call after the silo holding it died.
                        if (placed is not null) RequestContext.Set(IPlacementDirector.PlacementHintKey, placed);
                        TrialPoll poll;
                        try { poll = await grain.Run(requests[t]!).ConfigureAwait(false); }
                        finally { RequestContext.Remove(IPlacementDirector.PlacementHintKey); }
                        silos.Add(poll.Silo);
                        answered = true;
                        result = poll.Result;
                        unreachableSince = null;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // The silo holding the grain died or is unreachable: the next call activates the grain elsewhere
                        // once the membership has declared it dead, and the trial starts again there. (A call through
                        // another silo's gateway may also be forwarded to the new activation without any error here.)
                        unreachableSince ??= Stopwatch.StartNew();
                        if (unreachableSince.Elapsed > _options.GiveUpAfter)
                            result = new TrialResult(t, [.. Enumerable.Repeat(double.NaN, _spec.Folds)],
                                $"unreachable for {_options.GiveUpAfter.TotalSeconds:F0} s, last error {e.GetType().Name}: {e.Message}", "driver", 0);
                        else
                        {
                            var failed = placed;
                            if (failed is not null)
                            {
                                if (!answered) silos.Add(failed);
                                placement.Release(failed);
                            }
                            answered = false;
                            await RefreshHosts(placement).ConfigureAwait(false);
                            placed = placement.Take(avoid: failed);
                        }
                    }
                    if (result is null) await Task.Delay(_options.Poll, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                if (placed is not null) placement.Release(placed);
            }
            if (silos.Count > 1) Interlocked.Add(ref restarts, silos.Count - 1);
            lock (sync)
            {
                results[t] = result;
                running[t] = false;
                var line = new JsonObject
                {
                    ["trial"] = t, ["status"] = result.Succeeded ? "done" : "failed", ["host"] = result.Host,
                    ["seconds"] = Math.Round(result.Seconds, 3), ["silos"] = silos.Count, ["error"] = result.Error,
                };
                File.AppendAllText(journal, line.ToJsonString() + "\n");
            }
            Save();
            progress?.Report(State());
        }

        var pending = new Queue<int>(Enumerable.Range(0, n).Where(t => results[t] is null));
        var active = new List<Task>();
        int window = await Window(1, placement).ConfigureAwait(false);
        var lastReport = Stopwatch.StartNew();
        Save();
        while (pending.Count > 0 || active.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (pending.Count > 0 && active.Count < window)
            {
                int t = pending.Dequeue();
                lock (sync) running[t] = true;
                active.Add(Drive(t));
            }
            Save();
            var finished = await Task.WhenAny(active.Append(Task.Delay(1000, cancellationToken))).ConfigureAwait(false);
            foreach (var done in active.Where(a => a.IsCompleted).ToArray())
            {
                await done.ConfigureAwait(false);
                active.Remove(done);
            }
            if (lastReport.Elapsed.TotalSeconds >= 1)
            {
                window = await Window(window, placement).ConfigureAwait(false);
                progress?.Report(State());
                lastReport.Restart();
            }
        }
        double seconds = clock.Elapsed.TotalSeconds;
        var final = results.Select(r => r!).ToArray();
        Save();
        SweepFiles.WriteAtomic(Path.Combine(_output, "results.md"), ResultsTable.ToMarkdown(_spec, results));
        var state = State();
        double? testScore = state.BestTrial is int best && _options.TrainBest ? TrainBest(best, requests[best]!) : null;
        return new SweepOutcome(final, state.BestTrial, testScore, seconds, restarts);
    }

    /// <summary>Trials to run at once: the slots of every active silo (the previous window when the cluster does not answer).</summary>
    private async Task<int> Window(int previous, TrialPlacement placement)
    {
        int hosts = await RefreshHosts(placement).ConfigureAwait(false);
        return hosts > 0 ? hosts * Math.Max(1, _options.SlotsPerSilo) : previous;
    }

    /// <summary>Tells <paramref name="placement"/> which silos are active; returns their number (0 when the cluster does not answer).</summary>
    private async Task<int> RefreshHosts(TrialPlacement placement)
    {
        try
        {
            var hosts = await _grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).ConfigureAwait(false);
            placement.SetActive(hosts.Keys);
            return hosts.Count;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return 0;
        }
    }

    /// <summary>Retrains the best trial on the whole training part (seeded as its folds) and writes <c>best/</c>; returns its held-out score.</summary>
    private double? TrainBest(int trial, TrialRequest request)
    {
        var spec = TrainSpec.FromJson(request.RunSpec);
        string dir = Path.Combine(_output, "best");
        Directory.CreateDirectory(dir);
        SweepFiles.WriteAtomic(Path.Combine(dir, "run.json"), spec.ToJson());
        var (train, test) = TrialRunner.Parts(spec);
        var net = spec.BuildModel(new Random(spec.Seed));
        var history = Trainer.Train(net, spec.BuildLoss(), train.X, train.Y, spec.TrainingOptions());
        double? score = test is { } held ? SweepSpec.MetricFunction(_spec.Metric)(held.Y, Evaluator.Predict(net, held.X)) : null;
        ModelFile.Save(net, Path.Combine(dir, "model.safetensors"), new Dictionary<string, string> { ["diynet.run_spec"] = spec.ToJson(), ["diynet.sweep"] = _spec.Name });
        var metrics = new JsonObject
        {
            ["trial"] = trial,
            ["parameters"] = new JsonObject(_spec.Trials[trial].Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(ParameterSet.Format(p.Value))))),
            ["finalTrainLoss"] = history.Epochs.Count > 0 ? history.Epochs[^1].TrainLoss : null,
            [$"test_{_spec.Metric}"] = score,
            ["parameterCount"] = net.ParameterCount,
        };
        SweepFiles.WriteAtomic(Path.Combine(dir, "metrics.json"), metrics.ToJsonString(SpecJson.Indented));
        return score;
    }
}
