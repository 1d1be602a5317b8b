using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using DiyNet.Cli.Training;
using DiyNet.Kernels;

namespace DiyNet.Cli.Commands;

/// <summary><c>diynet train</c>: trains a network given as a spec on the user's own data, no C# needed.</summary>
internal static class TrainCommand
{
    private const string Example = """

        Example:
          diynet train --model "Linear(_,16) ReLU Linear(16,_)" --data examples/iris.csv --target species --epochs 60 --lr 0.01 --out out/iris

        Writes into --out: best.safetensors and last.safetensors (model files), checkpoint.safetensors, metrics.csv,
        run.json (settings, DiyNet version, data SHA-256) and report.html. Ctrl-C stops after the current batch and
        writes a checkpoint; `diynet train --resume DIR` goes on and ends as the uninterrupted run would.

        Data-parallel: `--workers N` splits every batch over N workers (Orleans grains in diynet-cluster, which this
        command runs); the batch's gradient is summed over shards of --shard-size examples (default 8) in a fixed tree,
        so the model files are bit-identical to `diynet-cluster train --shard-size 8` in one process, whatever N
        (the native diynet's kernels use 128-bit vectors and round differently from diynet-cluster's).
        Not with dropout or batch normalization (refused). With `--cluster CONNECTION` the workers are the silos of a
        cluster (`diynet worker --cluster CONNECTION` on each machine, started first; PostgreSQL membership), which
        this command joins as a client; every machine needs the data files at the same paths.

        """;

    /// <summary>The shard size of <c>--workers N</c> when <c>--shard-size</c> is not given.</summary>
    public const int DefaultShardSize = 8;

    /// <summary>The <c>train</c> command.</summary>
    /// <param name="handOff">Runs a <c>--workers N ≥ 2</c> command line elsewhere (the native <c>diynet</c> hands it to <c>diynet-cluster</c>); its result is the exit code.</param>
    /// <param name="cluster">Starts the workers of <c>--workers N ≥ 2</c> (in <c>diynet-cluster</c>): on an embedded silo, or on the
    /// cluster of <c>--cluster</c> when it is given.</param>
    public static Command Create(Func<int>? handOff = null, Func<ClusterConnection?, IWorkerCluster>? cluster = null)
    {
        var model = new Option<string?>("--model", "-m") { Description = "The network: a one-line spec in the C# class names (\"Linear(_,64) ReLU Linear(64,_)\"; _ is a size taken from the data) or a .json/.yaml architecture file. `diynet models` lists the modules." };
        var data = new Option<string?>("--data", "-d") { Description = "Training data: a CSV file with a header, an IDX images file, a USPS text file, or a folder with one sub-folder of images per class." };
        var dataOptions = new DataOptions();
        var validation = new Option<string?>("--validation") { Description = "Separate validation data (same format); default: a split of the training data." };
        var validationLabels = new Option<string?>("--validation-labels") { Description = "The IDX labels of --validation." };
        var split = new Option<double>("--validation-split") { Description = "Fraction of the training data held out for validation when there is no --validation (0: none).", DefaultValueFactory = _ => 0.2 };
        var scale = new Option<ScalingKind>("--scale") { Description = "Input scaling fitted on the training data and saved in the model: auto (standardize CSV, leave images), standard, minmax, none.", DefaultValueFactory = _ => ScalingKind.Auto };
        var epochs = new Option<int>("--epochs", "-e") { Description = "Epochs.", DefaultValueFactory = _ => 20 };
        var batch = new Option<int>("--batch-size", "-b") { Description = "Examples per step.", DefaultValueFactory = _ => 32 };
        var optimizer = new Option<string>("--optimizer") { Description = $"Update rule: {string.Join(", ", Optimizers.Names)}.", DefaultValueFactory = _ => "adam" };
        var lr = new Option<double?>("--lr") { Description = "Learning rate (default 0.05 for sgd/momentum/nesterov, 0.001 for adam/adamw/rmsprop)." };
        var schedule = new Option<string>("--schedule")
        {
            Description = $"Learning-rate schedule, stepped after each epoch: {Schedules.Syntax} (plateau watches the validation loss).",
            DefaultValueFactory = _ => "none",
        };
        var momentum = new Option<double>("--momentum") { Description = "Momentum of momentum and nesterov.", DefaultValueFactory = _ => 0.9 };
        var patience = new Option<int>("--patience") { Description = "Early stopping: stop after this many epochs without a better validation result (0: never); the best model is kept.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Random seed (initial weights, split, shuffling).", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "Kernel threads (default: DIYNET_THREADS or the core count)." };
        var output = new Option<string>("--out", "-o") { Description = "Output folder.", DefaultValueFactory = _ => "out/train" };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Write a checkpoint every this many epochs (also on Ctrl-C and at the end).", DefaultValueFactory = _ => 1 };
        var resume = new Option<string?>("--resume") { Description = "Resume the interrupted run in this folder with its own settings." };
        var workers = new Option<int>("--workers", "-w")
        {
            Description = "Data-parallel workers each batch is split over (Orleans grains; runs diynet-cluster). 1: this process, as usual.",
            DefaultValueFactory = _ => 1,
        };
        var shardSize = new Option<int?>("--shard-size")
        {
            Description = $"Sum each batch's gradient over shards of this many examples in a fixed tree (the data-parallel order: the same weights for any --workers). " +
                          $"Default: {DefaultShardSize} with --workers ≥ 2, else the whole batch at once.",
        };
        var clusterOptions = new ClusterConnectionOptions();
        var clusterWait = new Option<double>("--cluster-wait")
        {
            Description = "With --cluster: seconds to wait for a worker silo (`diynet worker --cluster …`) to be in the cluster before giving up.",
            DefaultValueFactory = _ => 30,
        };
        var verbose = CommandErrors.Verbose();
        var command = new Command("train", "Train a network on your data: CSV, IDX, USPS or a folder of images." + Example + CommandErrors.ExitCodes)
        {
            model, data, validation, validationLabels, split, scale, epochs, batch, optimizer, lr, schedule, momentum, patience, seed, threads, output,
            checkpointEvery, resume, workers, shardSize, clusterOptions.Connection, clusterOptions.ClusterId, clusterWait, verbose,
        };
        foreach (var o in dataOptions.All) command.Options.Add(o);
        command.SetAction(parse => CommandErrors.Run(parse, "train", verbose, (stdout, stderr) =>
        {
            TrainSettings settings;
            bool resuming = parse.GetValue(resume) is not null;
            if (resuming)
                settings = RunRecord.Read(parse.GetValue(resume)!).Settings with { Out = parse.GetValue(resume)! };
            else
            {
                string? m = parse.GetValue(model), d = parse.GetValue(data);
                if (m is null || d is null) throw new ArgumentException("give --model and --data (or --resume DIR). Example: diynet train --model \"Linear(_,16) ReLU Linear(16,_)\" --data examples/iris.csv --target species");
                string opt = parse.GetValue(optimizer)!.ToLowerInvariant();
                if (!Optimizers.Names.Contains(opt)) throw new ArgumentException($"--optimizer \"{opt}\": expected one of {string.Join(", ", Optimizers.Names)}.");
                settings = new TrainSettings
                {
                    Model = m,
                    Data = dataOptions.Request(parse, d),
                    Validation = parse.GetValue(validation) is string v ? dataOptions.Request(parse, v, parse.GetValue(validationLabels)) : null,
                    ValidationSplit = parse.GetValue(split),
                    Scale = parse.GetValue(scale),
                    Epochs = Positive(parse.GetValue(epochs), "--epochs"),
                    BatchSize = Positive(parse.GetValue(batch), "--batch-size"),
                    Optimizer = opt,
                    LearningRate = parse.GetValue(lr),
                    Momentum = parse.GetValue(momentum),
                    Schedule = parse.GetValue(schedule)!.Trim(),
                    Patience = parse.GetValue(patience),
                    Seed = parse.GetValue(seed),
                    Threads = parse.GetValue(threads),
                    Out = parse.GetValue(output)!,
                    CheckpointEvery = Positive(parse.GetValue(checkpointEvery), "--checkpoint-every"),
                };
                Schedules.Create(settings.Schedule, settings.Epochs); // refuses a bad schedule before any data is read
                if (settings.ValidationSplit is < 0 or >= 1) throw new ArgumentException($"--validation-split {settings.ValidationSplit.ToString(CultureInfo.InvariantCulture)}: expected a fraction in [0, 1).");
            }
            int n = parse.GetValue(workers);
            if (n < 1) throw new ArgumentException($"--workers {n}: expected a whole number ≥ 1.");
            int? shard = parse.GetValue(shardSize);
            if (shard is < 1) throw new ArgumentException($"--shard-size {shard}: expected a whole number ≥ 1.");
            if (resuming)
            {
                if (shard is not null && shard != settings.ShardSize)
                    throw new ArgumentException($"--shard-size {shard}: a resumed run keeps the shard size it was started with " +
                                                $"({(settings.ShardSize is int s ? s.ToString(CultureInfo.InvariantCulture) : "none: whole-batch gradients")}, in {Path.Combine(settings.Out, RunRecord.FileName)}).");
                if (n >= 2 && settings.ShardSize is null)
                    throw new ArgumentException($"--workers {n}: the run in {settings.Out} sums whole-batch gradients (it was started without --workers or --shard-size), " +
                                                "so it resumes in one process only.");
            }
            else settings = settings with { ShardSize = shard ?? (n >= 2 ? DefaultShardSize : null) };
            var join = ReadCluster(parse, clusterOptions, clusterWait, n);
            if (n < 2) return TrainRun.Execute(settings, resuming, stdout);
            int shards = (settings.BatchSize + settings.ShardSize!.Value - 1) / settings.ShardSize.Value;
            if (n > shards)
                throw new ArgumentException($"--workers {n}: a batch of {settings.BatchSize} examples in shards of {settings.ShardSize} has {shards} shards, " +
                                            $"so at most {shards} workers can share it; lower --workers or --shard-size.");
            if (cluster is null)
                return handOff?.Invoke() ?? throw new ArgumentException($"--workers {n}: this executable has no workers; run diynet-cluster train.");
            using var pool = cluster(join);
            stdout.WriteLine($"data-parallel: {n} workers (Orleans grains), each batch of {settings.BatchSize} in shards of {settings.ShardSize}");
            int code = TrainRun.Execute(settings, resuming, stdout, pool.Connect(settings, n, stdout));
            foreach (string line in pool.Summary()) stdout.WriteLine(line);
            return code;
        }));
        return command;
    }

    /// <summary>The cluster of <c>--cluster</c>, or null; refuses the cluster options where they mean nothing.</summary>
    private static ClusterConnection? ReadCluster(ParseResult parse, ClusterConnectionOptions options, Option<double> wait, int workers)
    {
        string? connection = parse.GetValue(options.Connection);
        string id = parse.GetValue(options.ClusterId)!;
        double seconds = parse.GetValue(wait);
        bool waitGiven = parse.GetResult(wait) is { Implicit: false };
        if (connection is null)
        {
            if (options.ClusterIdGiven(parse))
                throw new ArgumentException($"--cluster-id {id}: names the cluster of --cluster CONNECTION; without --cluster the workers run on an embedded silo in this process.");
            if (waitGiven)
                throw new ArgumentException("--cluster-wait: is how long --cluster CONNECTION waits for a worker silo; without --cluster the workers run on an embedded silo in this process.");
            return null;
        }
        if (string.IsNullOrWhiteSpace(connection))
            throw new ArgumentException("--cluster: the PostgreSQL connection string is empty; expected e.g. \"Host=10.0.0.5;Username=diynet;Password=...;Database=diynet\".");
        if (workers < 2)
            throw new ArgumentException($"--cluster: joins a cluster for the workers of --workers N ≥ 2, but --workers is {workers} (this process trains alone); " +
                                        "add --workers N or leave out --cluster.");
        if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("--cluster-id: the cluster name is empty.");
        if (!double.IsFinite(seconds) || seconds <= 0)
            throw new ArgumentException($"--cluster-wait {seconds.ToString(CultureInfo.InvariantCulture)}: expected a number of seconds > 0.");
        return new ClusterConnection(connection, id, TimeSpan.FromSeconds(seconds));
    }

    private static int Positive(int value, string name) =>
        value >= 1 ? value : throw new ArgumentException($"{name} {value}: expected a whole number ≥ 1.");
}
