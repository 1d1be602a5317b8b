using DiyNet.Modules;
using DiyNet.Tensors;
using System.Text.Json;
using DiyNet;

namespace DiyNet.Tests.Verification;

/// <summary>
/// One PyTorch reference case written by <c>tools/make_fixtures.py</c>: the DiyNet type and constructor arguments,
/// the seed, and every tensor in DiyNet's layout (float32, row-major).
/// </summary>
/// <remarks>
/// Module cases hold <c>input</c>, <c>output</c>, <c>delta</c>, <c>grad_input</c> and the parameters (value and
/// gradient, in the order of <see cref="Module.Parameters"/>); loss cases hold <c>y</c>, <c>yhat</c>,
/// <c>losses</c>, <c>mean</c> and <c>grad_yhat</c>.
/// </remarks>
internal sealed class FixtureFile
{
    public const int FormatVersion = 1;

    private readonly IReadOnlyDictionary<string, Tensor> _tensors;

    private FixtureFile(string @case, int seed, string reference, string kind, string type, FixtureArgs args,
        IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyList<FixtureParameter> parameters)
    {
        Case = @case;
        Seed = seed;
        Reference = reference;
        Kind = kind;
        Type = type;
        Args = args;
        _tensors = tensors;
        Parameters = parameters;
    }

    /// <summary>The folder the test project copies the fixtures into.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>The case names (file names without extension), sorted; empty when the folder is missing.</summary>
    public static IReadOnlyList<string> CaseNames() =>
        Directory.Exists(Folder)
            ? Directory.GetFiles(Folder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToArray()
            : [];

    public string Case { get; }

    /// <summary>The seed the generator gave <c>torch.manual_seed</c> for this case.</summary>
    public int Seed { get; }

    /// <summary>How the reference values were computed (PyTorch version, precision).</summary>
    public string Reference { get; }

    /// <summary><c>module</c> or <c>loss</c>.</summary>
    public string Kind { get; }

    /// <summary>The DiyNet class name.</summary>
    public string Type { get; }

    public FixtureArgs Args { get; }

    public IReadOnlyList<FixtureParameter> Parameters { get; }

    /// <summary>"case (seed n)", for failure messages.</summary>
    public string Title => $"{Case} (seed {Seed})";

    /// <summary>Whether the fixture records a tensor <paramref name="name"/>.</summary>
    public bool Has(string name) => _tensors.ContainsKey(name);

    /// <summary>The recorded tensor <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">The fixture has no such tensor.</exception>
    public Tensor Tensor(string name) =>
        _tensors.TryGetValue(name, out var t)
            ? t
            : throw new InvalidDataException($"{Title}: no tensor \"{name}\" (has {string.Join(", ", _tensors.Keys)}).");

    /// <summary>Reads <c>Fixtures/<paramref name="caseName"/>.json</c>.</summary>
    public static FixtureFile Load(string caseName)
    {
        string path = Path.Combine(Folder, caseName + ".json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        string where = Path.GetFileName(path);

        int format = Required(root, "format", where).GetInt32();
        if (format != FormatVersion) throw new InvalidDataException($"{where}: format {format}, this reader knows {FormatVersion}.");
        string @case = Required(root, "case", where).GetString()!;
        if (@case != caseName) throw new InvalidDataException($"{where}: records case \"{@case}\", expected \"{caseName}\".");
        int seed = Required(root, "seed", where).GetInt32();
        where = $"{@case} (seed {seed})";
        string type = Required(root, "type", where).GetString()!;

        var tensors = new Dictionary<string, Tensor>();
        foreach (var t in Required(root, "tensors", where).EnumerateObject())
            tensors[t.Name] = ReadTensor(t.Value, $"{where} tensor {t.Name}");
        var parameters = new List<FixtureParameter>();
        foreach (var p in Required(root, "parameters", where).EnumerateArray())
        {
            string name = Required(p, "name", where).GetString()!;
            parameters.Add(new FixtureParameter(name,
                ReadTensor(Required(p, "value", where), $"{where} parameter {name}"),
                ReadTensor(Required(p, "grad", where), $"{where} gradient of {name}")));
        }
        return new FixtureFile(@case, seed, Required(root, "reference", where).GetString()!,
            Required(root, "kind", where).GetString()!, type,
            new FixtureArgs($"{where} {type}", Required(root, "args", where).Clone()), tensors, parameters);
    }

    private static JsonElement Required(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out var v) ? v : throw new InvalidDataException($"{where}: missing \"{name}\".");

    private static Tensor ReadTensor(JsonElement e, string where)
    {
        int[] shape = Required(e, "shape", where).EnumerateArray().Select(d => d.GetInt32()).ToArray();
        // float.Parse is correctly rounded and the generator writes 9 significant digits: the float32 values are exact.
        float[] data = Required(e, "data", where).EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var t = new Tensor(shape);
        if (data.Length != t.Length)
            throw new InvalidDataException($"{where}: shape {t.ShapeString} needs {t.Length} values, the file has {data.Length}.");
        data.CopyTo(t.Span);
        return t;
    }
}
