using System.Security.Cryptography;
using System.Text.Json;

namespace DiyNet.Cli.Training;

/// <summary>
/// <c>run.json</c>: every setting of a run, the DiyNet version, the SHA-256 of each data file, the status
/// (<c>running</c>, <c>interrupted</c>, <c>finished</c>, <c>failed</c>), the times and the final figures — enough to
/// rerun it exactly, and what <c>--resume</c> reads its settings from.
/// </summary>
internal sealed record RunRecord
{
    public const string FileName = "run.json";

    public required TrainSettings Settings { get; init; }

    public required string DiyNetVersion { get; init; }

    /// <summary>SHA-256 (hex) of every data file read, by path.</summary>
    public required IReadOnlyDictionary<string, string> DataSha256 { get; init; }

    public required string Status { get; init; }

    public required DateTime Started { get; init; }

    public DateTime? Ended { get; init; }

    public int EpochsDone { get; init; }

    public int? BestEpoch { get; init; }

    /// <summary>The best validation accuracy (classification) or R² (regression).</summary>
    public double? BestValidationMetric { get; init; }

    public string? Error { get; init; }

    public static string Version => typeof(DiyNet.Tensors.Tensor).Assembly.GetName().Version?.ToString() ?? "unknown";

    public void Write(string folder) =>
        Reports.AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, CliJson.Default.RunRecord));

    /// <summary>Reads <c>run.json</c> from <paramref name="folder"/>.</summary>
    /// <exception cref="FileNotFoundException">No run.json there.</exception>
    /// <exception cref="JsonException">It is not a run record.</exception>
    public static RunRecord Read(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"{folder}: no {FileName}; is it the --out folder of a diynet train run?", path);
        return JsonSerializer.Deserialize(File.ReadAllText(path), CliJson.Default.RunRecord)
            ?? throw new JsonException($"{path}: empty run record.");
    }

    /// <summary>The SHA-256 of each file, hex, in the files' order.</summary>
    public static Dictionary<string, string> Hash(IEnumerable<string> files)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string f in files.Distinct())
        {
            using var stream = File.OpenRead(f);
            hashes[f] = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        return hashes;
    }

}
