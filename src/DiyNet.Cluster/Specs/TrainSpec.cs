using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Serialization;
using DiyNet.Training;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DiyNet.Cluster;

/// <summary>
/// A run spec: the model, loss, data and options of one training, as JSON (or YAML). In a sweep, its strings may hold
/// <c>{name}</c> placeholders and its options may be named by the varied parameters; <see cref="Resolve"/> fills them.
/// The properties have setters, not <c>init</c>: the compile-time JSON reader would set a missing init-only property to
/// its type's default instead of the value below.
/// </summary>
public sealed record TrainSpec
{
    private static readonly string[] OptionNames = ["loss", "data", "testFraction", "epochs", "batchSize", "learningRate", "momentum", "optimizer", "weightDecay", "shardSize"];

    /// <summary>The one-line model spec, e.g. <c>Linear(64,100) ReLU Linear(100,10)</c>.</summary>
    public string Model { get; set; } = "";

    /// <summary>The loss's class name.</summary>
    public string Loss { get; set; } = "CELogSoftmax";

    /// <summary>The data (<see cref="DataSources"/>): <c>digits</c>, <c>usps:DIR</c>, <c>mnist:DIR</c>.</summary>
    public string Data { get; set; } = "digits";

    /// <summary>Fraction of the data held out for a final test (stratified, seeded); the rest is what folds and training see.</summary>
    public double TestFraction { get; set; }

    /// <summary>Training epochs.</summary>
    public int Epochs { get; set; } = 10;

    /// <summary>Examples per step.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>The gradient step.</summary>
    public double LearningRate { get; set; } = 0.01;

    /// <summary>Momentum of <c>sgd</c> (0: the course's plain gradient descent), <c>nesterov</c> and <c>rmsprop</c>.</summary>
    public double Momentum { get; set; }

    /// <summary>The update rule: <c>sgd</c>, <c>nesterov</c>, <c>adam</c>, <c>adamw</c> or <c>rmsprop</c>.</summary>
    public string Optimizer { get; set; } = "sgd";

    /// <summary>Decoupled (AdamW) or L2 (the others) weight decay.</summary>
    public double WeightDecay { get; set; }

    /// <summary>Examples per shard in data-parallel training (fixes the summation order).</summary>
    public int ShardSize { get; set; } = 8;

    /// <summary>Seed of the held-out split, of the folds and of every training.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>The update rule's factory.</summary>
    /// <exception cref="FormatException">Unknown name.</exception>
    public UpdateRuleFactory UpdateRule()
    {
        float m = (float)Momentum, wd = (float)WeightDecay;
        return Optimizer.ToLowerInvariant() switch
        {
            "sgd" => m > 0 ? UpdateRules.Momentum(m, wd) : UpdateRules.Sgd(wd),
            "nesterov" => UpdateRules.Nesterov(m > 0 ? m : 0.9f, wd),
            "adam" => UpdateRules.Adam(weightDecay: wd),
            "adamw" => UpdateRules.AdamW(wd > 0 ? wd : 0.01f),
            "rmsprop" => UpdateRules.RMSprop(momentum: m, weightDecay: wd),
            _ => throw new FormatException($"run spec: unknown optimizer \"{Optimizer}\" (known: sgd, nesterov, adam, adamw, rmsprop)."),
        };
    }

    /// <summary>
    /// A fresh network, every initial value drawn from <paramref name="random"/>: <see cref="Model"/> read by the
    /// library's one-line spec parser (<see cref="ModelSpecs.Parse"/>, the grammar of <c>diynet train --model</c>, with
    /// every size written out: a run spec has no <c>_</c>) and built with <see cref="ModuleSpec.Build(Random)"/>.
    /// </summary>
    /// <exception cref="SpecException">A malformed spec, an unknown module or argument (the message names the position).</exception>
    /// <exception cref="ModuleSpecException">Arguments a module refuses.</exception>
    public Module BuildModel(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return ModelSpecs.Parse(Model).Build(random);
    }

    /// <summary>A fresh loss.</summary>
    public Loss BuildLoss() => LossNames.Create(Loss);

    /// <summary>The mini-batch loop's settings (the seed is set per fold by cross-validation).</summary>
    public TrainingOptions TrainingOptions() => new()
    {
        Epochs = Epochs, BatchSize = BatchSize, LearningRate = (float)LearningRate, Rule = UpdateRule(), Seed = Seed,
    };

    /// <summary>The data-parallel loop's settings.</summary>
    public DataParallelOptions DataParallelOptions() => new()
    {
        Epochs = Epochs, BatchSize = BatchSize, ShardSize = ShardSize, LearningRate = (float)LearningRate, Rule = UpdateRule(), Seed = Seed,
    };

    /// <summary>
    /// The spec of one trial: each parameter named like an option (<c>learningRate</c>, <c>batchSize</c>, <c>model</c>…)
    /// sets it, and every <c>{name}</c> in the model, loss and data text is replaced by the value.
    /// </summary>
    /// <exception cref="FormatException">A parameter is used nowhere, or a placeholder has no parameter.</exception>
    public TrainSpec Resolve(ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var node = JsonSerializer.SerializeToNode(this, SpecJson.Default.TrainSpec)!.AsObject();
        foreach (var (name, value) in parameters)
        {
            bool used = false;
            if (name == "model" || OptionNames.Contains(name))
            {
                node[name] = ValueNode(name, value);
                used = true;
            }
            foreach (string key in new[] { "model", "loss", "data" })
            {
                string text = node[key]!.GetValue<string>(), placeholder = "{" + name + "}";
                if (!text.Contains(placeholder, StringComparison.Ordinal)) continue;
                node[key] = text.Replace(placeholder, ParameterSet.Format(value), StringComparison.Ordinal);
                used = true;
            }
            if (!used) throw new FormatException($"sweep: parameter \"{name}\" is neither an option of the run spec ({string.Join(", ", OptionNames.Prepend("model"))}) nor a {{{name}}} placeholder in it.");
        }
        TrainSpec resolved;
        try
        {
            resolved = node.Deserialize(SpecJson.Default.TrainSpec)!;
        }
        catch (JsonException e)
        {
            throw new FormatException($"sweep: the run spec with {parameters} is not valid: {e.Message}", e);
        }
        foreach (string text in new[] { resolved.Model, resolved.Loss, resolved.Data })
        {
            var left = Regex.Match(text, @"\{[A-Za-z_][A-Za-z0-9_]*\}");
            if (left.Success) throw new FormatException($"sweep: the run spec's \"{text}\" keeps the placeholder {left.Value}: no parameter of that name in this trial ({parameters}).");
        }
        return resolved;
    }

    /// <summary>The spec as indented JSON (the run spec written beside results).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SpecJson.Default.TrainSpec);

    /// <summary>A parameter's value (an int, double, float, bool or string of a <see cref="ParameterSet"/>) as a JSON value.</summary>
    private static JsonNode ValueNode(string name, object value) => value switch
    {
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create(f),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        _ => throw new FormatException($"sweep: parameter \"{name}\" has a value of type {value.GetType().Name}; a run spec option takes a number, a boolean or a string."),
    };

    /// <summary>Reads a spec from JSON.</summary>
    /// <exception cref="FormatException">Malformed JSON or an unknown field.</exception>
    public static TrainSpec FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, SpecJson.Default.TrainSpec) ?? throw new FormatException("run spec: empty JSON.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"run spec: {e.Message}", e);
        }
    }

    /// <summary>Reads a run spec file (YAML or JSON).</summary>
    /// <exception cref="FormatException">Malformed file or an unknown field.</exception>
    public static TrainSpec Load(string path)
    {
        try
        {
            return SpecReader.Read(path).Deserialize(SpecJson.Default.TrainSpec) ?? throw new FormatException($"{path}: empty run spec.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>A one-line summary for logs.</summary>
    public override string ToString() =>
        $"{Model} | {Loss} | {Data} | epochs {Epochs}, batch {BatchSize}, step {LearningRate.ToString(CultureInfo.InvariantCulture)}, {Optimizer}";
}
