using DiyNet.Data;
using System.CommandLine;

namespace DiyNet.Cli.Commands;

/// <summary><c>diynet datasets list | fetch NAME</c>: the downloadable data sets, fetched and SHA-256 checked into a cache.</summary>
internal static class DatasetsCommand
{
    public static Command Create()
    {
        var list = new Command("list", "List the data sets DiyNet can download and verify.");
        list.SetAction(_ =>
        {
            foreach (var d in DatasetCatalog.All)
                Console.WriteLine($"  {d.Name,-14} {d.Files.Count} files, {d.Files.Sum(f => f.Size) / 1e6:F1} MB  {d.Description}");
            Console.WriteLine($"Cache folder: {DataCache.DefaultDirectory} (set {DataCache.EnvironmentVariable} to change it).");
            return 0;
        });

        var name = new Argument<string>("name") { Description = "usps, mnist or fashion-mnist." };
        var cache = new Option<string?>("--cache") { Description = $"Cache folder (default: ${DataCache.EnvironmentVariable} or ~/.cache/diynet)." };
        var fetch = new Command("fetch", "Download a data set (resuming partial files) and check every file's SHA-256.") { name, cache };
        fetch.SetAction(parse =>
        {
            RemoteDataset dataset;
            try { dataset = DatasetCatalog.Find(parse.GetValue(name)!); }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"diynet: {e.Message}");
                return 2;
            }
            using var downloader = new Downloader();
            try
            {
                string dir = downloader.Fetch(dataset, parse.GetValue(cache), new Progress<DownloadProgress>(p =>
                    Console.Error.Write($"\r  {p.FileName}: {p.BytesReceived / 1e6:F1}{(p.TotalBytes is long t ? $" / {t / 1e6:F1}" : "")} MB{(p.Resumed ? " (resumed)" : "")}   ")));
                Console.Error.WriteLine();
                Console.WriteLine(dir);
                return 0;
            }
            catch (Exception e) when (e is DownloadException or ChecksumMismatchException or IOException or HttpRequestException)
            {
                Console.Error.WriteLine();
                Console.Error.WriteLine($"diynet: {e.Message}");
                return 1;
            }
        });
        return new Command("datasets", "Download and verify the public data sets.") { list, fetch };
    }
}
