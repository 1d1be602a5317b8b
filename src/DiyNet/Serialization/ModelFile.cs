using System.Globalization;
using DiyNet.Modules;
using DiyNet.Tensors;

namespace DiyNet.Serialization;

/// <summary>
/// A network as one safetensors file: every tensor of its <see cref="Module.StateDict"/> (F32, DiyNet's layouts) and,
/// in the metadata, the format name and version and the architecture (<see cref="ModuleSpec"/> JSON), so that
/// <see cref="Load"/> rebuilds the network with no user code. Saves are atomic (<see cref="AtomicFile"/>); a failed
/// load leaves the network untouched.
/// </summary>
public static class ModelFile
{
    /// <summary>The version of the file format this DiyNet writes and the newest it reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Metadata key of the format name (<see cref="FormatName"/>).</summary>
    public const string FormatKey = "format";

    /// <summary>The format name.</summary>
    public const string FormatName = "diynet";

    /// <summary>Metadata key of the format version.</summary>
    public const string VersionKey = "format_version";

    /// <summary>Metadata key of the architecture JSON.</summary>
    public const string ArchitectureKey = "architecture";

    /// <summary>Metadata key of the tensor layout: <c>diynet</c> or <c>pytorch</c>.</summary>
    public const string LayoutKey = "layout";

    /// <summary>Saves <paramref name="net"/> (architecture and state) to <paramref name="path"/>, atomically.</summary>
    /// <param name="net">The network.</param>
    /// <param name="path">The file to write (its folder is created).</param>
    /// <param name="metadata">Extra metadata strings to store (keys other than the format's own).</param>
    /// <exception cref="ModuleSpecException">A module of the network is not in the <see cref="ModuleCatalog"/>.</exception>
    public static void Save(Module net, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(net);
        var header = Metadata(ModuleSpec.Of(net), "diynet", metadata);
        SafeTensors.Write(path, net.StateDict(), header);
    }

    /// <summary>Saves <paramref name="net"/> in PyTorch's names and layouts (<see cref="PyTorchLayout"/>) with the
    /// architecture, atomically: a torch script loads it with <c>load_state_dict</c>, and <see cref="Load"/> reads it
    /// back.</summary>
    /// <exception cref="ModuleSpecException">A module of the network is not in the <see cref="ModuleCatalog"/>.</exception>
    public static void SaveForPyTorch(Module net, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(net);
        var header = Metadata(ModuleSpec.Of(net), "pytorch", metadata);
        SafeTensors.Write(path, PyTorchLayout.Export(net), header);
    }

    /// <summary>The metadata of a model file: format, version, layout, architecture, then <paramref name="extra"/>.</summary>
    internal static Dictionary<string, string> Metadata(ModuleSpec spec, string layout, IReadOnlyDictionary<string, string>? extra)
    {
        var header = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [FormatKey] = FormatName,
            [VersionKey] = FormatVersion.ToString(CultureInfo.InvariantCulture),
            [LayoutKey] = layout,
            [ArchitectureKey] = spec.ToJson(),
        };
        if (extra is not null)
            foreach (var (key, value) in extra)
                if (!header.TryAdd(key, value))
                    throw new ArgumentException($"ModelFile: metadata key '{key}' is the format's own.", nameof(extra));
        return header;
    }

    /// <summary>Reads the network saved in <paramref name="path"/>: builds it from the architecture in the metadata,
    /// then loads its tensors (converted from PyTorch's layouts when the file holds them).</summary>
    /// <exception cref="ModelFileException">The file is malformed, newer than this DiyNet, has no architecture, names
    /// an unknown module type, or its tensors do not fit the architecture.</exception>
    public static Module Load(string path)
    {
        var file = SafeTensors.Read(path);
        var spec = Architecture(file);
        Module net;
        try { net = spec.Build(); }
        catch (UnknownModuleTypeException e) { throw new ModelFileException(path, ModelFileProblem.UnknownModuleType, e.Message, e); }
        catch (ModuleSpecException e) { throw new ModelFileException(path, ModelFileProblem.BadArchitecture, $"the architecture cannot be built: {e.Message}", e); }
        LoadInto(net, file);
        return net;
    }

    /// <summary>Loads the tensors of <paramref name="path"/> into <paramref name="net"/>, which must have exactly the
    /// same names and shapes. Nothing is written unless everything fits.</summary>
    /// <exception cref="ModelFileException">The file is malformed or newer than this DiyNet, or its tensors do not fit
    /// the network (the message lists every missing, unexpected and mis-shaped key).</exception>
    public static void LoadWeights(Module net, string path)
    {
        ArgumentNullException.ThrowIfNull(net);
        LoadInto(net, SafeTensors.Read(path));
    }

    /// <summary>The architecture stored in <paramref name="path"/>.</summary>
    /// <exception cref="ModelFileException">The file is malformed, newer, or has no readable architecture.</exception>
    public static ModuleSpec ReadArchitecture(string path) => Architecture(SafeTensors.Read(path));

    /// <summary>The architecture in a file's metadata, after checking its format version.</summary>
    internal static ModuleSpec Architecture(SafeTensorsFile file)
    {
        CheckVersion(file);
        if (!file.Metadata.TryGetValue(ArchitectureKey, out var json))
            throw new ModelFileException(file.Path, ModelFileProblem.BadArchitecture,
                $"no architecture in the metadata (key '{ArchitectureKey}'): use LoadWeights with a network built in code.");
        try { return ModuleSpec.FromJson(json); }
        catch (ModuleSpecException e) { throw new ModelFileException(file.Path, ModelFileProblem.BadArchitecture, e.Message, e); }
    }

    /// <summary>Refuses a file written by a newer format version (naming both versions).</summary>
    internal static void CheckVersion(SafeTensorsFile file)
    {
        if (!file.Metadata.TryGetValue(VersionKey, out var text)) return;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version < 1)
            throw new ModelFileException(file.Path, ModelFileProblem.BadEntry, $"format version '{text}' is not a positive whole number.");
        if (version > FormatVersion)
            throw new ModelFileException(file.Path, ModelFileProblem.NewerVersion,
                $"the file has format version {version}; this DiyNet reads format version {FormatVersion} and older. Update DiyNet to read it.");
    }

    /// <summary>Loads a file's tensors into a network, converting PyTorch layouts when the metadata says so.</summary>
    internal static void LoadInto(Module net, SafeTensorsFile file)
    {
        CheckVersion(file);
        IReadOnlyDictionary<string, Tensor> state = file.ToDictionary();
        if (file.Metadata.TryGetValue(LayoutKey, out var layout) && layout != "diynet")
        {
            if (layout != "pytorch")
                throw new ModelFileException(file.Path, ModelFileProblem.BadEntry, $"unknown tensor layout '{layout}' (expected diynet or pytorch).");
            try { state = PyTorchLayout.Import(net, state); }
            catch (StateDictException e) { throw new ModelFileException(file.Path, ModelFileProblem.WrongTensors, e.Message, e); }
        }
        try { net.LoadStateDict(state, strict: true); }
        catch (StateDictException e) { throw new ModelFileException(file.Path, ModelFileProblem.WrongTensors, e.Message, e); }
    }
}
