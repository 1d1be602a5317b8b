using DiyNet.Data;
using System.Security.Cryptography;
using DiyNet;
using Xunit;

namespace DiyNet.Tests.Data.Download;

/// <summary>Download tests, offline: the catalog's files are served from shared/data by a server on 127.0.0.1.</summary>
public class DownloaderTests
{
    private static Dictionary<string, string> SharedFiles(params string[] folders)
    {
        var files = new Dictionary<string, string>();
        foreach (string folder in folders)
            foreach (string path in Directory.GetFiles(SharedData.Path(folder)))
                files[$"{folder}/{Path.GetFileName(path)}"] = path;
        return files;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public async Task FetchesVerifiesAndThenServesFromTheCache()
    {
        using var server = new LoopbackServer(SharedFiles("usps", "mnist"));
        using var cache = new TempFolder();
        using var downloader = new Downloader();
        var progress = new ProgressRecorder();
        foreach (var (dataset, folder) in new[] { (DatasetCatalog.Usps, "usps"), (DatasetCatalog.Mnist, "mnist") })
        {
            string dir = await downloader.FetchAsync(dataset.WithBaseUri(server.Folder(folder)), cache.Root, progress);
            Assert.Equal(Path.Combine(cache.Root, dataset.Name), dir);
            foreach (var file in dataset.Files)
            {
                byte[] bytes = File.ReadAllBytes(Path.Combine(dir, file.FileName));
                Assert.Equal(File.ReadAllBytes(SharedData.Path(folder, file.FileName)), bytes);
                Assert.Equal(file.Size, bytes.Length);
                Assert.Equal(file.Sha256, Sha256(bytes));
                Assert.False(File.Exists(Path.Combine(dir, file.FileName + ".part")));
                var last = progress.Reports.Last(r => r.FileName == file.FileName);
                Assert.Equal((long)file.Size, last.BytesReceived);
                Assert.Equal(file.Size, last.TotalBytes);
            }
        }
        Assert.Equal(6, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal(200, r.Status));

        string again = await downloader.FetchAsync(DatasetCatalog.Mnist.WithBaseUri(server.Folder("mnist")), cache.Root);
        Assert.Equal(6, server.Requests.Count);
        var test = StandardDatasets.Mnist(again, train: false);
        Assert.Equal(10000, test.Count);
    }

    [Fact]
    public async Task CorruptedFileIsRejectedAndDeleted()
    {
        using var work = new TempFolder();
        byte[] bytes = File.ReadAllBytes(SharedData.Path("mnist", "t10k-labels-idx1-ubyte.gz"));
        bytes[bytes.Length / 2] ^= 0x01;
        string corrupted = work.File("corrupted.gz", bytes);
        using var server = new LoopbackServer(new Dictionary<string, string> { ["mnist/t10k-labels-idx1-ubyte.gz"] = corrupted });
        var dataset = DatasetCatalog.Mnist.WithBaseUri(server.Folder("mnist"));
        var file = dataset.File("t10k-labels-idx1-ubyte.gz");
        string cache = Path.Combine(work.Root, "cache");
        using var downloader = new Downloader();

        var e = await Assert.ThrowsAsync<ChecksumMismatchException>(() => downloader.DownloadFileAsync(dataset.UriOf(file), file, cache));
        Assert.Equal($"t10k-labels-idx1-ubyte.gz: SHA-256 mismatch: expected f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6, got {Sha256(bytes)}. The download was deleted.", e.Message);
        Assert.Equal(file.Sha256, e.Expected);
        Assert.Empty(Directory.GetFiles(cache));
    }

    [Fact]
    public async Task PartialFileIsResumedWithARangeRequest()
    {
        using var server = new LoopbackServer(SharedFiles("mnist"));
        using var cache = new TempFolder();
        var dataset = DatasetCatalog.Mnist.WithBaseUri(server.Folder("mnist"));
        var file = dataset.File("t10k-labels-idx1-ubyte.gz");
        byte[] original = File.ReadAllBytes(SharedData.Path("mnist", file.FileName));
        File.WriteAllBytes(Path.Combine(cache.Root, file.FileName + ".part"), original[..1000]);
        var progress = new ProgressRecorder();
        using var downloader = new Downloader();

        string path = await downloader.DownloadFileAsync(dataset.UriOf(file), file, cache.Root, progress);

        Assert.Equal(original, File.ReadAllBytes(path));
        var request = Assert.Single(server.Requests);
        Assert.Equal("bytes=1000-", request.Range);
        Assert.Equal(206, request.Status);
        Assert.Equal(original.Length - 1000, request.BytesSent);
        var first = progress.Reports.First();
        Assert.True(first.Resumed);
        Assert.Equal(1000, first.BytesReceived);
    }

    [Fact]
    public async Task ServerIgnoringRangesMakesTheDownloadRestart()
    {
        using var server = new LoopbackServer(SharedFiles("mnist"), supportRanges: false);
        using var cache = new TempFolder();
        var dataset = DatasetCatalog.Mnist.WithBaseUri(server.Folder("mnist"));
        var file = dataset.File("t10k-labels-idx1-ubyte.gz");
        File.WriteAllBytes(Path.Combine(cache.Root, file.FileName + ".part"), new byte[1000]);
        using var downloader = new Downloader();

        string path = await downloader.DownloadFileAsync(dataset.UriOf(file), file, cache.Root);

        Assert.Equal(File.ReadAllBytes(SharedData.Path("mnist", file.FileName)), File.ReadAllBytes(path));
        var request = Assert.Single(server.Requests);
        Assert.Equal("bytes=1000-", request.Range);
        Assert.Equal(200, request.Status);
    }

    [Fact]
    public async Task DroppedConnectionIsRetriedFromWhereItStopped()
    {
        using var server = new LoopbackServer(SharedFiles("usps"), abortFirst: 1, abortAfter: 500_000);
        using var cache = new TempFolder();
        var dataset = DatasetCatalog.Usps.WithBaseUri(server.Folder("usps"));
        var file = dataset.File("USPS_test.txt");
        using var downloader = new Downloader();

        string path = await downloader.DownloadFileAsync(dataset.UriOf(file), file, cache.Root);

        Assert.Equal(File.ReadAllBytes(SharedData.Path("usps", file.FileName)), File.ReadAllBytes(path));
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.True(requests[0].Aborted);
        Assert.Null(requests[0].Range);
        long resumedAt = long.Parse(requests[1].Range!["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(resumedAt, 1, 500_000);
        Assert.Equal(206, requests[1].Status);
        Assert.Equal(file.Size - resumedAt, requests[1].BytesSent);
    }

    [Fact]
    public async Task GivingUpKeepsThePartForALaterCallToResume()
    {
        using var cache = new TempFolder();
        var file = DatasetCatalog.Usps.File("USPS_test.txt");
        string part = Path.Combine(cache.Root, "USPS_test.txt.part");
        using (var failing = new LoopbackServer(SharedFiles("usps"), abortFirst: 100, abortAfter: 300_000))
        {
            var dataset = DatasetCatalog.Usps.WithBaseUri(failing.Folder("usps"));
            using var downloader = new Downloader(maxAttempts: 2);
            var e = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadFileAsync(dataset.UriOf(file), file, cache.Root));
            Assert.StartsWith($"USPS_test.txt: download from {dataset.UriOf(file)} failed after 2 attempt(s): ", e.Message);
            Assert.EndsWith("The partial file USPS_test.txt.part is kept; run again to resume.", e.Message);
            Assert.Equal(2, failing.Requests.Count);
        }
        long kept = new FileInfo(part).Length;
        Assert.InRange(kept, 1, file.Size - 1);

        using var healthy = new LoopbackServer(SharedFiles("usps"));
        using var again = new Downloader();
        var uri = DatasetCatalog.Usps.WithBaseUri(healthy.Folder("usps")).UriOf(file);
        string path = await again.DownloadFileAsync(uri, file, cache.Root);
        Assert.Equal(File.ReadAllBytes(SharedData.Path("usps", file.FileName)), File.ReadAllBytes(path));
        Assert.Equal($"bytes={kept}-", Assert.Single(healthy.Requests).Range);
    }

    [Fact]
    public async Task HttpErrorIsReportedWithTheAddress()
    {
        using var server = new LoopbackServer(new Dictionary<string, string>());
        using var cache = new TempFolder();
        var dataset = DatasetCatalog.Usps.WithBaseUri(server.Folder("usps"));
        var file = dataset.File("USPS_test.txt");
        using var downloader = new Downloader();
        var e = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadFileAsync(dataset.UriOf(file), file, cache.Root));
        Assert.Equal($"USPS_test.txt: GET {server.BaseUri}usps/USPS_test.txt returned 404 Not Found.", e.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task StaleCachedFileIsReplaced()
    {
        using var server = new LoopbackServer(SharedFiles("mnist"));
        using var cache = new TempFolder();
        var dataset = DatasetCatalog.Mnist.WithBaseUri(server.Folder("mnist"));
        var file = dataset.File("t10k-labels-idx1-ubyte.gz");
        string target = cache.File(file.FileName, "not the data");
        using var downloader = new Downloader();
        await downloader.DownloadFileAsync(dataset.UriOf(file), file, cache.Root);
        Assert.Equal(File.ReadAllBytes(SharedData.Path("mnist", file.FileName)), File.ReadAllBytes(target));
    }

    [Fact]
    public void CatalogDescribesEveryKnownDataSet()
    {
        Assert.Equal(["usps", "mnist", "fashion-mnist"], DatasetCatalog.All.Select(d => d.Name));
        Assert.Same(DatasetCatalog.FashionMnist, DatasetCatalog.Find("Fashion-MNIST"));
        Assert.Equal("DatasetCatalog: unknown data set \"cifar\"; known: usps, mnist, fashion-mnist. (Parameter 'name')",
            Assert.Throws<ArgumentException>(() => DatasetCatalog.Find("cifar")).Message);
        var moved = DatasetCatalog.Mnist.WithBaseUri(new Uri("http://127.0.0.1:1/m"));
        Assert.Equal("http://127.0.0.1:1/m/train-images-idx3-ubyte.gz", moved.UriOf(moved.Files[0]).AbsoluteUri);
        Assert.StartsWith("RemoteDataset x: the SHA-256 of f must be 64 lowercase hex digits, got \"abc\".",
            Assert.Throws<ArgumentException>(() => new RemoteDataset("x", new Uri("http://127.0.0.1/"), [new RemoteFile("f", "abc", 1)])).Message);
    }
}
