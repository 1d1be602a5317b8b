using System.CommandLine;
using System.Globalization;
using DiyNet.Cli.Training;

namespace DiyNet.Cli.Commands;

/// <summary>The options that say how to read a data set (train, evaluate).</summary>
internal sealed class DataOptions
{
    public Option<DataFormat> Format { get; } = new("--format") { Description = "Data format: auto, csv, idx, usps, images (auto: a folder is images, an IDX magic number is IDX, a \"classes features\" first line is USPS, else CSV).", DefaultValueFactory = _ => DataFormat.Auto };
    public Option<string?> Labels { get; } = new("--labels") { Description = "The IDX labels file (default: the images file's name with labels-idx1)." };
    public Option<string?> Target { get; } = new("--target") { Description = "CSV: the target column's name (default: the last column)." };
    public Option<string?> Features { get; } = new("--features") { Description = "CSV: the feature columns, comma-separated (default: every other column)." };
    public Option<string> ImageSize { get; } = new("--image-size") { Description = "Image folders: the size every image is resized to, HxW.", DefaultValueFactory = _ => "28x28" };
    public Option<bool> Rgb { get; } = new("--rgb") { Description = "Image folders: keep colour (3 channels) instead of grayscale." };
    public Option<string?> Task { get; } = new("--task") { Description = "classification or regression (default: from the CSV target: numbers with fractions mean regression)." };

    public IEnumerable<Option> All => [Format, Labels, Target, Features, ImageSize, Rgb, Task];

    /// <summary>The request for <paramref name="path"/> from the parsed options (<paramref name="labels"/> overrides --labels).</summary>
    public DataRequest Request(ParseResult parse, string path, string? labels = null)
    {
        string size = parse.GetValue(ImageSize)!;
        string[] hw = size.ToLowerInvariant().Split('x');
        if (hw.Length != 2 || !int.TryParse(hw[0], NumberStyles.None, CultureInfo.InvariantCulture, out int h) || !int.TryParse(hw[1], NumberStyles.None, CultureInfo.InvariantCulture, out int w) || h < 1 || w < 1)
            throw new ArgumentException($"--image-size \"{size}\" is not HxW with positive numbers, e.g. 28x28.");
        TaskKind? task = parse.GetValue(Task)?.ToLowerInvariant() switch
        {
            null => null,
            "classification" or "classify" => TaskKind.Classification,
            "regression" or "regress" => TaskKind.Regression,
            var other => throw new ArgumentException($"--task \"{other}\": expected classification or regression."),
        };
        string[]? features = parse.GetValue(Features)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new DataRequest(path, parse.GetValue(Format), labels ?? parse.GetValue(Labels), parse.GetValue(Target), features, h, w,
            parse.GetValue(Rgb) ? 3 : 1, task);
    }
}
