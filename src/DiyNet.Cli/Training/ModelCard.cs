using System.Text.Json;

namespace DiyNet.Cli.Training;

/// <summary>
/// What a model file trained by <c>diynet train</c> says about its data, stored as JSON in the file's metadata
/// (key <see cref="MetadataKey"/>) beside the architecture: the task, the classes, and how to read inputs (the CSV
/// feature columns and target, or the image geometry), so that <c>evaluate</c> and <c>predict</c> need no other
/// setting. The input scaling is not here: it is the network's first module.
/// </summary>
internal sealed record ModelCard
{
    /// <summary>The metadata key of the card in a model file.</summary>
    public const string MetadataKey = "diynet.card";

    /// <summary>Classification (scores per class, cross-entropy) or regression (values, mean squared error).</summary>
    public TaskKind Task { get; init; }

    /// <summary>The class names, in the order of the network's outputs (classification only).</summary>
    public string[]? Classes { get; init; }

    /// <summary>The input format of the training data.</summary>
    public DataFormat Format { get; init; }

    /// <summary>The feature columns of a CSV, in the order the network takes them.</summary>
    public string[]? Features { get; init; }

    /// <summary>The target column of a CSV.</summary>
    public string? Target { get; init; }

    /// <summary>Image height (image folders, IDX, USPS), else null.</summary>
    public int? Height { get; init; }

    /// <summary>Image width (image folders, IDX, USPS), else null.</summary>
    public int? Width { get; init; }

    /// <summary>Image channels: 1 (grayscale) or 3 (RGB).</summary>
    public int? Channels { get; init; }

    /// <summary>Number of input features per example.</summary>
    public int InputSize { get; init; }

    /// <summary>The card as compact JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, CliJson.Default.ModelCard);

    /// <summary>Reads a card from JSON.</summary>
    /// <exception cref="JsonException">The text is not a card.</exception>
    public static ModelCard FromJson(string json) =>
        JsonSerializer.Deserialize(json, CliJson.Default.ModelCard) ?? throw new JsonException("the model card is null.");
}
