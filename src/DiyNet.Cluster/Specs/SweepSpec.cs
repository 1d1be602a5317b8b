using DiyNet.Metrics;
using DiyNet.Tensors;
using DiyNet.Training;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiyNet.Cluster;

/// <summary>
/// A sweep: a run spec (<see cref="TrainSpec"/>), the parameters to vary — one or more grids (each the Cartesian
/// product of its lists, scalars fixed; the grids' trials one after the other, as scikit-learn's list of grids) and/or
/// a seeded random search — and the cross-validation folds. Every trial is scored by k-fold cross-validation with
/// <see cref="CrossValidation"/>, on the same folds and the same initial draws.
/// </summary>
public sealed class SweepSpec
{
    /// <summary>Creates a sweep.</summary>
    public SweepSpec(string name, TrainSpec train, IReadOnlyList<ParameterSet> trials, int folds, string metric)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(trials);
        if (folds < 2) throw new FormatException($"sweep \"{name}\": folds must be at least 2, got {folds}.");
        if (trials.Count == 0) throw new FormatException($"sweep \"{name}\": no trial (give a grid or a random search).");
        _ = MetricFunction(metric);
        Name = name; Train = train; Trials = trials; Folds = folds; Metric = metric;
    }

    /// <summary>The sweep's name.</summary>
    public string Name { get; }

    /// <summary>The run spec every trial starts from.</summary>
    public TrainSpec Train { get; }

    /// <summary>The trials' parameters, in trial order.</summary>
    public IReadOnlyList<ParameterSet> Trials { get; }

    /// <summary>Cross-validation folds.</summary>
    public int Folds { get; }

    /// <summary>The metric: <c>accuracy</c> (higher is better), <c>r2</c> (higher) or <c>mse</c> (lower).</summary>
    public string Metric { get; }

    /// <summary>True when a higher score is better.</summary>
    public bool Maximize => Metric != "mse";

    /// <summary>The parameter names, in order of first appearance (the table's columns).</summary>
    public IReadOnlyList<string> ParameterNames => [.. Trials.SelectMany(t => t.Select(p => p.Key)).Distinct()];

    /// <summary>The metric as a function <c>(yTrue, yPred) → score</c>.</summary>
    /// <exception cref="FormatException">Unknown metric.</exception>
    public static Func<Tensor, Tensor, double> MetricFunction(string metric) => metric switch
    {
        "accuracy" => Scores.Accuracy,
        "r2" => Scores.R2,
        "mse" => Scores.MeanSquaredError,
        _ => throw new FormatException($"sweep: unknown metric \"{metric}\" (known: accuracy, r2, mse)."),
    };

    /// <summary>Reads a sweep file (YAML or JSON).</summary>
    /// <exception cref="FormatException">The file is malformed; the message says where.</exception>
    public static SweepSpec Load(string path) => FromNode(SpecReader.Read(path), Path.GetFileNameWithoutExtension(path));

    /// <summary>
    /// A sweep from its tree: <c>name</c>, <c>train</c> (a run spec), <c>grid</c> (a map of lists, or a list of such
    /// maps), <c>random</c> (<c>count</c>, <c>seed</c>, <c>space</c>: per parameter <c>uniform: [a, b]</c>,
    /// <c>logUniform: [a, b]</c>, <c>intUniform: [a, b]</c> or <c>choice: [...]</c>), <c>folds</c>, <c>metric</c>.
    /// </summary>
    public static SweepSpec FromNode(JsonNode root, string defaultName)
    {
        if (root is not JsonObject o) throw new FormatException("sweep: the file must hold a map (name, train, grid, random, folds, metric).");
        var known = new[] { "name", "train", "grid", "random", "folds", "metric" };
        var unknown = o.Select(kv => kv.Key).FirstOrDefault(k => !known.Contains(k));
        if (unknown is not null) throw new FormatException($"sweep: unknown field \"{unknown}\" (known: {string.Join(", ", known)}).");
        string name = o["name"]?.GetValue<string>() ?? defaultName;
        if (o["train"] is not JsonObject train) throw new FormatException($"sweep \"{name}\": a \"train\" map (the run spec) is required.");
        TrainSpec spec;
        try
        {
            spec = train.Deserialize(SpecJson.Default.TrainSpec)!;
        }
        catch (JsonException e)
        {
            throw new FormatException($"sweep \"{name}\": train: {e.Message}", e);
        }
        var trials = new List<ParameterSet>();
        if (o["grid"] is JsonNode grid) trials.AddRange(GridTrials(grid, name));
        if (o["random"] is JsonNode random) trials.AddRange(RandomTrials(random, name));
        int folds = o["folds"] is JsonNode f ? f.GetValue<int>() : 3;
        string metric = o["metric"]?.GetValue<string>() ?? "accuracy";
        return new SweepSpec(name, spec, trials, folds, metric);
    }

    private static IEnumerable<ParameterSet> GridTrials(JsonNode node, string name)
    {
        var grids = node is JsonArray list ? list.ToArray() : [node];
        foreach (var g in grids)
        {
            if (g is not JsonObject map) throw new FormatException($"sweep \"{name}\": each grid must be a map of parameter → value or list of values.");
            var grid = new ParameterGrid();
            foreach (var (key, value) in map)
            {
                object[] values = value is JsonArray array
                    ? [.. array.Select(v => SpecReader.ScalarValue(v, $"grid value of \"{key}\""))]
                    : [SpecReader.ScalarValue(value, $"grid value of \"{key}\"")];
                grid.Add(key, values);
            }
            foreach (var combination in grid.Combinations()) yield return combination;
        }
    }

    private static IEnumerable<ParameterSet> RandomTrials(JsonNode node, string name)
    {
        if (node is not JsonObject r || r["space"] is not JsonObject space)
            throw new FormatException($"sweep \"{name}\": random needs count, seed and a space map.");
        int count = r["count"]?.GetValue<int>() ?? throw new FormatException($"sweep \"{name}\": random.count is required.");
        int seed = r["seed"]?.GetValue<int>() ?? 0;
        var random = new Random(seed);
        for (int t = 0; t < count; t++)
        {
            var entries = new List<KeyValuePair<string, object>>();
            foreach (var (key, value) in space)
            {
                if (value is not JsonObject d || d.Count != 1)
                    throw new FormatException($"sweep \"{name}\": random.space.{key} must be one of uniform: [a, b], logUniform: [a, b], intUniform: [a, b], choice: [...].");
                var (kind, args) = d.First();
                var a = args as JsonArray ?? throw new FormatException($"sweep \"{name}\": random.space.{key}.{kind} must be a list.");
                double Arg(int i) => a.Count > i ? Convert.ToDouble(SpecReader.ScalarValue(a[i], $"random.space.{key}.{kind}"), System.Globalization.CultureInfo.InvariantCulture) : throw new FormatException($"sweep \"{name}\": random.space.{key}.{kind} needs [low, high].");
                object drawn = kind switch
                {
                    "uniform" => Arg(0) + random.NextDouble() * (Arg(1) - Arg(0)),
                    "logUniform" => Math.Exp(Math.Log(Arg(0)) + random.NextDouble() * (Math.Log(Arg(1)) - Math.Log(Arg(0)))),
                    "intUniform" => random.Next((int)Arg(0), (int)Arg(1) + 1),
                    "choice" => SpecReader.ScalarValue(a[random.Next(a.Count)], $"random.space.{key}.choice"),
                    _ => throw new FormatException($"sweep \"{name}\": random.space.{key}: unknown distribution \"{kind}\" (uniform, logUniform, intUniform, choice)."),
                };
                entries.Add(new(key, drawn is double x ? double.Parse(x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture) : drawn));
            }
            yield return new ParameterSet(entries);
        }
    }
}
