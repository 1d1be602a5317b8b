using System.Globalization;
using System.Text;
using DiyNet.Cli.Training;
using DiyNet.Modules;

namespace DiyNet.Tests.Serving;

/// <summary>
/// The model the serve tests use: an Iris-shaped classifier (4 features → 3 classes) whose first module is a feature
/// scaling, saved with a model card as <c>diynet train</c> saves it, and request bodies of 1–4 random rows.
/// </summary>
internal static class ServedModels
{
    public static readonly string[] Classes = ["setosa", "versicolor", "virginica"];

    public static Sequential Iris() => new(
        new FeatureScaling([5.8f, 3.0f, 3.7f, 1.2f], [1.2f, 2.3f, 0.57f, 1.3f]),
        new Linear(4, 16, random: new Random(11)), new ReLU(), new Linear(16, 3, random: new Random(12)));

    public static ModelCard IrisCard() => new()
    {
        Task = TaskKind.Classification, Classes = Classes, Format = DataFormat.Csv,
        Features = ["sepal_length", "sepal_width", "petal_length", "petal_width"], Target = "species", InputSize = 4,
    };

    /// <summary>Saves the Iris model with its card into <paramref name="folder"/>.</summary>
    public static string SaveIris(string folder)
    {
        string path = Path.Combine(folder, "iris.safetensors");
        ModelFiles.Save(Iris(), IrisCard(), path);
        return path;
    }

    /// <summary><paramref name="count"/> request rows sets of 1–4 rows of 4 values in [0, 8), seeded.</summary>
    public static float[][][] Rows(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, 1 + random.Next(4))
            .Select(_ => Enumerable.Range(0, 4).Select(_ => (float)(random.NextDouble() * 8)).ToArray()).ToArray())];
    }

    /// <summary>The body <c>{"rows": [[…], …]}</c> of <paramref name="rows"/>, floats in round-trip form.</summary>
    public static string Body(float[][] rows) =>
        "{\"rows\": [" + string.Join(", ", rows.Select(r => "[" + string.Join(", ", r.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]")) + "]}";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
