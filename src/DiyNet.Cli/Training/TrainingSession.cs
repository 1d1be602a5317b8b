using System.Diagnostics;
using System.Text.Json;
using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Metrics;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Serialization;
using DiyNet.Tensors;
using DiyNet.Training;

namespace DiyNet.Cli.Training;

/// <summary>
/// One <c>diynet train</c> run: the data, the network (the input scaling as its first module), the loss and the
/// optimizer, and the loop over epochs and batches with validation, early stopping, the best and last model files,
/// metrics.csv and checkpoints. Each epoch shuffles with its own seed (derived from the run's seed and the epoch), so
/// a run resumed from a checkpoint — even in the middle of an epoch — takes exactly the batches the uninterrupted run
/// takes, and ends with bit-identical weights. With a shard size (<c>--shard-size</c>, <c>--workers N</c>) each batch's
/// gradient is summed over fixed shards in a fixed tree by data-parallel workers (<see cref="ShardedGradient"/>): one
/// in-process worker, or N worker grains (<c>diynet-cluster</c>), give bit-identical weights.
/// </summary>
internal sealed class TrainingSession
{
    public const string BestFile = "best.safetensors";
    public const string LastFile = "last.safetensors";

    private readonly TrainSettings _settings;
    private readonly Loss _loss;
    private readonly Optim _optim;
    private readonly LearningRateSchedule? _schedule;
    private readonly Tensor _x, _y;
    private readonly ShardedGradient? _sharded;
    private readonly Stopwatch _shardedClock = new();
    private TrainState _state;

    private TrainingSession(TrainSettings settings, LoadedData train, LoadedData? validation, Module net, TrainState state, IShardWorkers? workers,
        Checkpoint? checkpoint = null)
    {
        _settings = settings;
        Train = train;
        Validation = validation;
        Net = net;
        _state = state;
        _loss = NewLoss(Card);
        _x = train.X;
        _y = train.Targets();
        _optim = Optimizers.Create(settings, net, _loss);
        if (settings.ShardSize is int shardSize)
        {
            CheckShardable(net);
            _sharded = new ShardedGradient(net, workers ?? new LocalShardWorkers(1, () => BuildNet(settings, train), () => NewLoss(train.Card), _x, _y), shardSize);
        }
        else if (workers is not null)
            throw new ArgumentException($"--workers {workers.Count}: the run sums whole-batch gradients (no --shard-size); only data-parallel runs use workers.");
        _schedule = Schedules.Create(settings.Schedule, settings.Epochs);
        if (_schedule is not null) _optim.LearningRate = _schedule.Start(_optim.LearningRate);
        if (checkpoint is not null)
        {
            if (checkpoint.Rule != _optim.Rule.GetType().Name)
                throw new ModelSpecMismatchException($"the checkpoint was written by the {checkpoint.Rule} rule, the settings ask for {_optim.Rule.GetType().Name}.");
            _optim.Rule.LoadState(checkpoint.OptimizerState, checkpoint.OptimizerSteps);
            if ((_schedule is null) != (checkpoint.ScheduleState is null))
                throw new ModelSpecMismatchException($"the checkpoint was written {(checkpoint.ScheduleState is null ? "without" : "with")} a learning-rate schedule, " +
                                                     $"the settings ask for --schedule {settings.Schedule}.");
            if (_schedule is not null)
            {
                _schedule.LoadState(checkpoint.ScheduleState!);
                _optim.LearningRate = _schedule.LearningRate;
            }
        }
    }

    public LoadedData Train { get; }

    public LoadedData? Validation { get; }

    public Module Net { get; }

    public ModelCard Card => Train.Card;

    public TrainState State => _state;

    public TrainSettings Settings => _settings;

    /// <summary>
    /// The figures of the sharded steps this process ran (a run with a shard size; null otherwise): steps, milliseconds
    /// per step (the workers' gradient, its tree sum and the update), bytes per step to and from the workers.
    /// </summary>
    public string? ShardedStats()
    {
        if (_sharded is not { Steps: > 0 } s) return null;
        var c = System.Globalization.CultureInfo.InvariantCulture;
        return string.Create(c, $"sharded steps: {s.Steps} in this process, {_shardedClock.Elapsed.TotalMilliseconds / s.Steps:F2} ms per step " +
                                $"(gradient over {s.UsedWorkers} worker{(s.UsedWorkers == 1 ? "" : "s")} + update), " +
                                $"{s.BytesToWorkers / (1024.0 * s.Steps):F1} KiB per step to the workers, {s.BytesFromWorkers / (1024.0 * s.Steps):F1} KiB back");
    }

    /// <summary>Reads the data and builds a fresh network from the spec (seeded).</summary>
    /// <param name="settings">The run.</param>
    /// <param name="log">Progress lines.</param>
    /// <param name="workers">The data-parallel workers of a run with a shard size (null: one in this process).</param>
    public static TrainingSession Start(TrainSettings settings, Action<string> log, IShardWorkers? workers = null)
    {
        var (train, validation) = LoadData(settings, log);
        Rng.ManualSeed(settings.Seed);
        var net = BuildNet(settings, train);
        CheckOutput(net, train, Outputs(train));
        log($"model: {ModelSource.OneLine(net)} ({net.ParameterCount:N0} parameters)");
        var session = new TrainingSession(settings, train, validation, net, new TrainState(), workers);
        if (session._schedule is not null) log($"learning rate: {session._optim.LearningRate.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}, {session._schedule} after each epoch");
        return session;
    }

    /// <summary>Reads the data again and the network and progress of the last checkpoint.</summary>
    /// <param name="settings">The run (from its run.json).</param>
    /// <param name="log">Progress lines.</param>
    /// <param name="workers">The data-parallel workers of a run with a shard size (null: one in this process).</param>
    public static TrainingSession Resume(TrainSettings settings, Action<string> log, IShardWorkers? workers = null)
    {
        var (train, validation) = LoadData(settings, log);
        var checkpoint = Checkpoints.Read(settings.Out);
        var state = checkpoint.State;
        log(state.Finished
            ? $"the run in {settings.Out} has already finished ({state.Epoch} epochs)."
            : $"resuming after epoch {state.Epoch}{(state.Batch > 0 ? $", batch {state.Batch}" : "")}");
        return new TrainingSession(settings, train, validation, checkpoint.Net, state, workers, checkpoint);
    }

    /// <summary>
    /// A data-parallel worker of the run: a replica of its network (weights come with every request) and its training
    /// rows, read and split as the coordinator reads them (the data files must be at the same paths).
    /// </summary>
    public static ShardWorker Worker(TrainSettings settings)
    {
        var (train, _) = LoadData(settings, _ => { });
        return new ShardWorker(BuildNet(settings, train), NewLoss(train.Card), train.X, train.Targets());
    }

    private static int Outputs(LoadedData train) => train.Card.Task == TaskKind.Classification ? train.Card.Classes!.Length : 1;

    /// <summary>The network of the settings' spec for this data, with the input scaling as its first module (initialized from the global <see cref="Rng"/>).</summary>
    private static Module BuildNet(TrainSettings settings, LoadedData train) =>
        Scaling.Prepend(settings.Scale, train, ModelSource.Read(settings.Model, [train.Card.InputSize], Outputs(train)).Build());

    private static Loss NewLoss(ModelCard card) => card.Task == TaskKind.Classification ? new CELogSoftmax() : new MSELoss();

    /// <summary>
    /// Refuses what data-parallel training cannot reproduce: dropout (each replica would draw its own masks) and batch
    /// normalization's running statistics (each replica would update its own, and only weights travel).
    /// </summary>
    private static void CheckShardable(Module net)
    {
        if (net.NamedRandomStreams() is [var (name, _), ..])
            throw new ArgumentException($"--model: {First(net, m => m.RandomStream is not null)?.GetType().Name} (module {(name.Length == 0 ? "0" : name)}) draws random masks (dropout): data-parallel training " +
                                        "(--workers, --shard-size) needs a model without dropout; each worker's replica would draw its own.");
        if (First(net, m => m is BatchNormalization) is { } norm)
            throw new ArgumentException($"--model: {norm.GetType().Name} keeps running statistics: data-parallel training (--workers, --shard-size) sends only " +
                                        "the weights, so the workers' statistics would not reach the saved model; use a model without batch normalization.");
    }

    /// <summary>The first module of the tree (depth first) that satisfies <paramref name="test"/>, or null.</summary>
    private static Module? First(Module m, Func<Module, bool> test) =>
        test(m) ? m : m.Children.Select(c => First(c, test)).FirstOrDefault(c => c is not null);

    private static (LoadedData Train, LoadedData? Validation) LoadData(TrainSettings settings, Action<string> log)
    {
        var all = DataLoader.LoadTraining(settings.Data);
        LoadedData train = all, validation = null!;
        if (settings.Validation is { } v) validation = DataLoader.LoadLike(v, all.Card);
        else if (settings.ValidationSplit > 0)
        {
            var split = all.Labels is not null
                ? Splits.Stratified(all.Labels, settings.ValidationSplit, settings.Seed)
                : Splits.TrainTest(all.Count, settings.ValidationSplit, settings.Seed);
            train = all.Subset(split.Train);
            validation = all.Subset(split.Test);
        }
        string task = all.Card.Task == TaskKind.Classification ? $"classification, {all.Card.Classes!.Length} classes" : "regression";
        log($"data: {train.Count} training examples{(validation is null ? "" : $", {validation.Count} validation")}, {all.Card.InputSize} features ({task})");
        return (train, validation);
    }

    private static void CheckOutput(Module net, LoadedData train, int outputs)
    {
        var y = net.Forward(Preparation.TakeRows(train.X, [0]));
        if (y.Rank != 2 || y.Dim(1) != outputs)
            throw new ModelSpecMismatchException($"the model gives an output of shape {y.ShapeString} per example batch, but the data needs (N, {outputs}) " +
                $"({(train.Card.Task == TaskKind.Classification ? $"one score per class" : "one value")}); end the spec with Linear(…,{outputs}) or Linear(…,_).");
    }

    /// <summary>Runs the remaining epochs; stops early at <paramref name="stop"/> after the current batch.</summary>
    /// <returns>False when interrupted (a checkpoint was written), true when the run ended.</returns>
    public bool Run(ITrainObserver observer, CancellationToken stop)
    {
        if (_state.Finished) return true;
        var clock = Stopwatch.StartNew();
        double secondsBefore = _state.Seconds;
        double Seconds() => secondsBefore + clock.Elapsed.TotalSeconds;
        for (int epoch = _state.Epoch + 1; epoch <= _settings.Epochs; epoch++)
        {
            var batches = new BatchIterator(_x, _y, _settings.BatchSize, shuffle: true, new Random(EpochSeed(_settings.Seed, epoch)));
            int count = batches.BatchCount, done = 0;
            double sum = _state.LossSum;
            long n = _state.LossCount;
            foreach (var step in Steps(batches))
            {
                if (done < _state.Batch) { done++; continue; }
                var (mean, size) = step();
                sum += (double)mean * size;
                n += size;
                done++;
                observer.Batch(epoch, done, count, sum / n);
                if (stop.IsCancellationRequested && done < count)
                {
                    _state = _state with { Epoch = epoch - 1, Batch = done, LossSum = sum, LossCount = n, Seconds = Seconds() };
                    Checkpoints.Write(_settings.Out, Net, Card, _optim, _schedule, _state);
                    return false;
                }
            }
            var (valLoss, valMetric) = Validate();
            var result = new EpochResult(epoch, _optim.LearningRate, sum / n, valLoss, valMetric, Seconds());
            double? score = valMetric is null ? null : Card.Task == TaskKind.Classification ? valMetric : -valLoss;
            bool best = score is double s && (_state.BestScore is not double b || s > b);
            _state = _state with
            {
                Epoch = epoch, Batch = 0, LossSum = 0, LossCount = 0, Seconds = result.Seconds, History = [.. _state.History, result],
                BestScore = best ? score : _state.BestScore, BestEpoch = best ? epoch : _state.BestEpoch,
                EpochsWithoutImprovement = best || score is null ? 0 : _state.EpochsWithoutImprovement + 1,
            };
            if (best || Validation is null) ModelFiles.Save(Net, Card, Path.Combine(_settings.Out, BestFile));
            ModelFiles.Save(Net, Card, Path.Combine(_settings.Out, LastFile));
            MetricsLog.Write(_settings.Out, Card.Task, _state.History);
            observer.Epoch(result, _settings.Epochs, best);
            // The rate of the next epoch (ReduceOnPlateau watches the validation loss, else the training loss).
            if (_schedule is not null) _optim.LearningRate = _schedule.Step((float)(valLoss ?? sum / n));
            bool patienceOut = _settings.Patience > 0 && _state.EpochsWithoutImprovement >= _settings.Patience && epoch < _settings.Epochs;
            if (patienceOut)
            {
                _state = _state with { Finished = true, StoppedEarly = true };
                observer.Line($"early stop: no validation improvement for {_settings.Patience} epochs; best epoch {_state.BestEpoch}.");
            }
            else if (epoch == _settings.Epochs) _state = _state with { Finished = true };
            if (_state.Finished || epoch % _settings.CheckpointEvery == 0)
                Checkpoints.Write(_settings.Out, Net, Card, _optim, _schedule, _state);
            if (_state.Finished) break;
            if (stop.IsCancellationRequested)
            {
                if (epoch % _settings.CheckpointEvery != 0) Checkpoints.Write(_settings.Out, Net, Card, _optim, _schedule, _state);
                return false;
            }
        }
        if (!_state.Finished)
        {
            _state = _state with { Finished = true };
            Checkpoints.Write(_settings.Out, Net, Card, _optim, _schedule, _state);
        }
        return true;
    }

    /// <summary>
    /// The steps of one epoch, each returning the batch's mean loss and size: <see cref="Optim.Step"/> on the gathered
    /// batch, or, with a shard size, the workers' tree-summed gradient of the batch's rows then <see cref="Optim.Update"/>.
    /// Both draw the same batches (the same shuffle).
    /// </summary>
    private IEnumerable<Func<(float Mean, int Size)>> Steps(BatchIterator batches)
    {
        if (_sharded is null)
        {
            foreach (var (bx, by) in batches.Epoch()) yield return () => (_optim.Step(bx, by), bx.Dim(0));
            yield break;
        }
        foreach (int[] rows in batches.EpochRows())
            yield return () =>
            {
                _shardedClock.Start();
                try { return ShardedStep(rows); }
                finally { _shardedClock.Stop(); }
            };
    }

    /// <summary>One step of a sharded run: the workers' tree-summed gradient of the batch's rows, then the update.</summary>
    private (float Mean, int Size) ShardedStep(int[] rows)
    {
        double lossSum = _sharded!.ComputeAsync(rows).GetAwaiter().GetResult();
        float mean = (float)(lossSum / rows.Length);
        if (!float.IsFinite(mean))
        {
            Net.ZeroGrad();
            throw new TrainingDivergedException($"diynet train: the loss is {mean} at step {_optim.Steps + 1} (learning rate {_optim.LearningRate}); " +
                                                "the weights were left unchanged. Lower the learning rate or scale the inputs.");
        }
        _optim.Update();
        return (mean, rows.Length);
    }

    /// <summary>The validation loss and metric (accuracy, or R² for regression), or nulls without validation data.</summary>
    private (double? Loss, double? Metric) Validate()
    {
        if (Validation is null) return (null, null);
        if (Card.Task == TaskKind.Classification)
        {
            var (loss, accuracy) = Evaluator.Evaluate(Net, _loss, Validation.X, Validation.Targets());
            return (loss, accuracy);
        }
        var predicted = Evaluator.Predict(Net, Validation.X);
        return (Scores.MeanSquaredError(Validation.Values!, predicted), Scores.R2(Validation.Values!, predicted));
    }

    /// <summary>The shuffling seed of an epoch: a fixed mix of the run's seed and the epoch number.</summary>
    public static int EpochSeed(int seed, int epoch) => unchecked((int)(((uint)seed * 2654435761u) ^ ((uint)epoch * 40503u + 0x9E3779B9u)));
}
