using DiyNet.Modules;
using DiyNet.Serialization;

namespace DiyNet.Cli.Training;

/// <summary>
/// The model files of <c>diynet train</c>: DiyNet model files (safetensors with the architecture) whose metadata also
/// holds the <see cref="ModelCard"/>, so that <c>evaluate</c> and <c>predict</c> read data as the training did.
/// </summary>
internal static class ModelFiles
{
    /// <summary>Saves the network and its card, atomically.</summary>
    public static void Save(Module net, ModelCard card, string path) =>
        ModelFile.Save(net, path, new Dictionary<string, string>(StringComparer.Ordinal) { [ModelCard.MetadataKey] = card.ToJson() });

    /// <summary>Loads any DiyNet model file (in evaluation mode) and its card when it has one (<c>diynet serve</c>).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFileException">The file is not a readable model file, or its card is not readable.</exception>
    public static (Module Net, ModelCard? Card) LoadWithOptionalCard(string path)
    {
        if (Directory.Exists(path)) throw new FileNotFoundException($"{path} is a folder, not a model file.", path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such model file.", path);
        return SafeTensors.Read(path).Metadata.ContainsKey(ModelCard.MetadataKey) ? Load(path) : (Eval(ModelFile.Load(path)), null);
    }

    private static Module Eval(Module net)
    {
        net.Eval();
        return net;
    }

    /// <summary>Loads a network trained by <c>diynet train</c> and its card.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFileException">The file is not a readable model file, or it has no card.</exception>
    public static (Module Net, ModelCard Card) Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such model file.", path);
        var metadata = SafeTensors.Read(path).Metadata;
        if (!metadata.TryGetValue(ModelCard.MetadataKey, out string? json))
            throw new ModelFileException(path, ModelFileProblem.BadEntry,
                "no data description (key \"diynet.card\"): this model was not written by diynet train, so evaluate and predict do not know how to read its inputs.");
        ModelCard card;
        try { card = ModelCard.FromJson(json); }
        catch (System.Text.Json.JsonException e) { throw new ModelFileException(path, ModelFileProblem.BadEntry, $"the data description is not readable: {e.Message}", e); }
        var net = ModelFile.Load(path);
        net.Eval();
        return (net, card);
    }
}
