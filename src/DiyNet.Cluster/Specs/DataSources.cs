using DiyNet.Data;
using System.Collections.Concurrent;

namespace DiyNet.Cluster;

/// <summary>
/// The data a run spec names, loaded once per process: <c>digits</c> (the embedded 8×8 digits, pixels scaled to
/// [0, 1]), <c>usps:DIR</c> (the course's USPS text files, training part) or <c>mnist:DIR</c> (IDX files, training
/// part, pixels scaled to [0, 1]). A path must exist on every machine that runs trials.
/// </summary>
public static class DataSources
{
    private static readonly ConcurrentDictionary<string, Lazy<Dataset>> Cache = new();

    /// <summary>The data set of <paramref name="source"/> (shared, read only).</summary>
    /// <exception cref="FormatException">Unknown source.</exception>
    public static Dataset Load(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var lazy = Cache.GetOrAdd(source, s => new Lazy<Dataset>(() => Read(s), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Cache.TryRemove(source, out _);
            throw;
        }
    }

    private static Dataset Read(string source)
    {
        int colon = source.IndexOf(':');
        string kind = colon < 0 ? source : source[..colon], path = colon < 0 ? "" : source[(colon + 1)..];
        return kind switch
        {
            "digits" when colon < 0 => EmbeddedData.Digits().Scaled(1f / 16f),
            "usps" when path.Length > 0 => StandardDatasets.Usps(path, train: true),
            "mnist" when path.Length > 0 => StandardDatasets.Mnist(path, train: true, scaleToUnit: true),
            _ => throw new FormatException($"run spec: unknown data \"{source}\" (known: digits, usps:DIR, mnist:DIR)."),
        };
    }
}
