using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Serialization;
using DiyNet.Tensors;

namespace DiyNet.Training;

/// <summary>
/// A training run at the end of an epoch, in one safetensors file: the network's state (<c>model.*</c>), the update
/// rule's state (<c>optimizer.*</c>: momentum buffers, Adam's moments), early stopping's copy of the best epoch's
/// weights (<c>best.*</c>) and, in the metadata, the step count, the learning rate, the epoch, the history, the
/// early-stop, divergence, schedule and early-stopping state, the position of every random stream of the network
/// (dropout masks) and the settings that must match on resume (seed, batch size, rule). The batch order needs no
/// state of its own: it is replayed from the seed (<see cref="BatchIterator.SkipEpoch"/>). Written atomically through
/// <see cref="SafeTensors"/>.
/// </summary>
public sealed class TrainingCheckpoint
{
    /// <summary>The <c>format</c> metadata of a checkpoint file.</summary>
    public const string FormatName = "diynet-checkpoint";

    private const string ModelPrefix = "model.", OptimizerPrefix = "optimizer.", BestPrefix = "best.";
    private const string StreamsKey = "random_streams", ScheduleKey = "schedule", EarlyStoppingKey = "early_stopping";

    private TrainingCheckpoint(string path, SafeTensorsFile file)
    {
        Path = path;
        _file = file;
        string Get(string key) => file.Metadata.TryGetValue(key, out var v) ? v
            : throw new ModelFileException(path, ModelFileProblem.BadEntry, $"checkpoint metadata '{key}' is missing.");
        try
        {
            Epoch = int.Parse(Get("epoch"), CultureInfo.InvariantCulture);
            StepCount = long.Parse(Get("step_count"), CultureInfo.InvariantCulture);
            LearningRate = float.Parse(Get("learning_rate"), CultureInfo.InvariantCulture);
            PreviousLoss = float.Parse(Get("previous_loss"), CultureInfo.InvariantCulture);
            Seed = int.Parse(Get("seed"), CultureInfo.InvariantCulture);
            BatchSize = int.Parse(Get("batch_size"), CultureInfo.InvariantCulture);
            Rule = Get("rule");
            RuleType = Get("rule_type");
            Divergence = Get("divergence");
            History = ReadHistory(Get("history"));
        }
        catch (Exception e) when (e is FormatException or OverflowException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ModelFileException(path, ModelFileProblem.BadEntry, $"checkpoint metadata is malformed: {e.Message}", e);
        }
    }

    private readonly SafeTensorsFile _file;

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The last finished epoch (1-based).</summary>
    public int Epoch { get; }

    /// <summary>The update rule's step count (Adam's t).</summary>
    public long StepCount { get; }

    /// <summary>The learning rate for the next epoch (after the decay).</summary>
    public float LearningRate { get; }

    /// <summary>The last epoch's train loss (early stop compares the next one with it).</summary>
    public float PreviousLoss { get; }

    /// <summary>The run's seed.</summary>
    public int Seed { get; }

    /// <summary>The run's batch size.</summary>
    public int BatchSize { get; }

    /// <summary>The update rule at the checkpoint, as its <c>ToString()</c>.</summary>
    public string Rule { get; }

    /// <summary>The update rule's type name (a resumed run must use the same rule).</summary>
    public string RuleType { get; }

    /// <summary>The epochs run so far.</summary>
    public IReadOnlyList<EpochRecord> History { get; }

    internal string Divergence { get; }

    /// <summary>Reads a checkpoint (everything is checked as for a model file).</summary>
    /// <exception cref="ModelFileException">The file is malformed or not a checkpoint.</exception>
    public static TrainingCheckpoint Read(string path)
    {
        var file = SafeTensors.Read(path);
        if (!file.Metadata.TryGetValue("format", out var format) || format != FormatName)
            throw new ModelFileException(path, ModelFileProblem.BadEntry, $"not a DiyNet checkpoint (format '{format}', expected '{FormatName}').");
        if (file.Metadata.TryGetValue("format_version", out var v) && v != "1")
            throw new ModelFileException(path, ModelFileProblem.NewerVersion, $"the checkpoint has format version {v}; this DiyNet reads format version 1.");
        return new TrainingCheckpoint(path, file);
    }

    /// <summary>Writes the state of a run after <paramref name="epoch"/>.</summary>
    internal static void Write(string path, Module net, Optim optim, int epoch, TrainingHistory history, float previousLoss,
        string divergence, TrainingOptions options, LearningRateSchedule? schedule, BestWeights? best)
    {
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (var (name, t) in net.StateDict()) tensors.Add(new(ModelPrefix + name, t));
        foreach (var (name, t) in optim.Rule.State) tensors.Add(new(OptimizerPrefix + name, t));
        if (best is not null)
            for (int i = 0; i < best.Saved.Count; i++) tensors.Add(new(BestPrefix + i.ToString(CultureInfo.InvariantCulture), best.Saved[i]));
        var c = CultureInfo.InvariantCulture;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = FormatName,
            ["format_version"] = "1",
            ["epoch"] = epoch.ToString(c),
            ["step_count"] = optim.Rule.StepCount.ToString(c),
            ["learning_rate"] = optim.LearningRate.ToString("R", c),
            ["previous_loss"] = previousLoss.ToString("R", c),
            ["seed"] = options.Seed.ToString(c),
            ["batch_size"] = options.BatchSize.ToString(c),
            ["rule"] = optim.Rule.ToString()!,
            ["rule_type"] = optim.Rule.GetType().Name,
            ["divergence"] = divergence,
            ["history"] = WriteHistory(history.Epochs),
            [StreamsKey] = RandomStreamState.ToJson(net),
        };
        if (schedule is not null)
            metadata[ScheduleKey] = WriteObject(schedule.State.Select(v => (v.Name, v.Value.ToString("R", c))));
        if (best is not null)
            metadata[EarlyStoppingKey] = WriteObject([("best", best.Best.ToString("R", c)), ("waited", best.Waited.ToString(c)),
                ("epoch", best.Epoch?.ToString(c) ?? "")]);
        try { metadata[ModelFile.ArchitectureKey] = ModuleSpec.Of(net).ToJson(); }
        catch (ModuleSpecException)
        {
            // A network with modules outside the catalog still checkpoints; it is rebuilt in code before resuming.
        }
        SafeTensors.Write(path, tensors, metadata);
    }

    /// <summary>
    /// Restores the network, the rule, the network's random streams, the schedule and early stopping; refuses a
    /// checkpoint of another run's settings.
    /// </summary>
    internal void Restore(Module net, Optim optim, TrainingOptions options, LearningRateSchedule? schedule, BestWeights? best)
    {
        if (options.Seed != Seed || options.BatchSize != BatchSize || optim.Rule.GetType().Name != RuleType)
            throw new ModelFileException(Path, ModelFileProblem.WrongTensors,
                $"the checkpoint is of another run: seed {Seed}, batch size {BatchSize}, rule {Rule}; " +
                $"this run has seed {options.Seed}, batch size {options.BatchSize}, rule {optim.Rule}.");
        var model = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var rule = new List<(string, Tensor)>();
        var saved = new SortedDictionary<int, Tensor>();
        foreach (var (name, t) in _file.Tensors)
        {
            if (name.StartsWith(ModelPrefix, StringComparison.Ordinal)) model[name[ModelPrefix.Length..]] = t;
            else if (name.StartsWith(OptimizerPrefix, StringComparison.Ordinal)) rule.Add((name[OptimizerPrefix.Length..], t));
            else if (name.StartsWith(BestPrefix, StringComparison.Ordinal) && int.TryParse(name[BestPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int i))
                saved[i] = t;
            else throw new ModelFileException(Path, ModelFileProblem.WrongTensors, $"unexpected tensor '{name}' in a checkpoint.");
        }
        var c = CultureInfo.InvariantCulture;
        try
        {
            net.LoadStateDict(model, strict: true);
            optim.Rule.LoadState(rule, StepCount);
            RandomStreamState.Restore(net, _file.Metadata.GetValueOrDefault(StreamsKey));
            if (schedule is not null)
                schedule.LoadState([.. ReadObject(Required(ScheduleKey, "a schedule")).Select(kv => (kv.Key, double.Parse(kv.Value, c)))]);
            else if (_file.Metadata.ContainsKey(ScheduleKey)) throw new ArgumentException("the checkpoint's run had a learning-rate schedule; this run has none.");
            if (best is not null)
            {
                var stopping = ReadObject(Required(EarlyStoppingKey, "early stopping"));
                best.Load(float.Parse(stopping["best"], c), int.Parse(stopping["waited"], c),
                    stopping["epoch"].Length == 0 ? null : int.Parse(stopping["epoch"], c), [.. saved.Values]);
            }
            else if (_file.Metadata.ContainsKey(EarlyStoppingKey)) throw new ArgumentException("the checkpoint's run stopped early on validation; this run does not.");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or KeyNotFoundException or JsonException)
        {
            throw new ModelFileException(Path, ModelFileProblem.WrongTensors, e.Message, e);
        }
        optim.LearningRate = LearningRate;
    }

    private string Required(string key, string what) => _file.Metadata.TryGetValue(key, out var v) ? v
        : throw new ArgumentException($"this run has {what}, but the checkpoint keeps no state for it (metadata '{key}').");

    private static string WriteObject(IEnumerable<(string Name, string Value)> entries)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (name, value) in entries) w.WriteString(name, value);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static Dictionary<string, string> ReadObject(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.EnumerateObject()) values[p.Name] = p.Value.GetString() ?? throw new FormatException($"'{p.Name}' is null.");
        return values;
    }

    private static string WriteHistory(IReadOnlyList<EpochRecord> epochs)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var e in epochs)
            {
                w.WriteStartObject();
                w.WriteNumber("epoch", e.Epoch);
                w.WriteString("train_loss", e.TrainLoss.ToString("R", CultureInfo.InvariantCulture));
                if (e.ValidationLoss is float vl) w.WriteString("validation_loss", vl.ToString("R", CultureInfo.InvariantCulture));
                if (e.ValidationAccuracy is float va) w.WriteString("validation_accuracy", va.ToString("R", CultureInfo.InvariantCulture));
                w.WriteNumber("seconds", e.Seconds);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static List<EpochRecord> ReadHistory(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var records = new List<EpochRecord>();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            static float? Optional(JsonElement e, string name) =>
                e.TryGetProperty(name, out var v) ? float.Parse(v.GetString()!, CultureInfo.InvariantCulture) : null;
            records.Add(new EpochRecord(e.GetProperty("epoch").GetInt32(),
                float.Parse(e.GetProperty("train_loss").GetString()!, CultureInfo.InvariantCulture),
                Optional(e, "validation_loss"), Optional(e, "validation_accuracy"), e.GetProperty("seconds").GetDouble()));
        }
        return records;
    }
}
