using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace DiyNet.Data;

/// <summary>
/// Downloads the files of a <see cref="RemoteDataset"/> into a cache folder and verifies their SHA-256.
/// A transfer writes <c>NAME.part</c>; an interrupted transfer is resumed with an HTTP Range request (or restarted
/// from scratch when the server ignores ranges), retried up to <see cref="MaxAttempts"/> times, and a later call
/// resumes what an earlier one left. The verified file is then renamed to <c>NAME</c> in one step, so a cached file
/// is always complete. A hash mismatch deletes the partial file and throws <see cref="ChecksumMismatchException"/>.
/// </summary>
public sealed class Downloader : IDisposable
{
    private const string PartSuffix = ".part";
    private readonly HttpClient _client;
    private readonly bool _ownsClient;

    /// <summary>Creates a downloader.</summary>
    /// <param name="client">The HTTP client to use (not disposed by the downloader); a new one when null.</param>
    /// <param name="maxAttempts">Transfers tried per file before giving up (each resumes the previous one).</param>
    public Downloader(HttpClient? client = null, int maxAttempts = 3)
    {
        if (maxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "Downloader: at least one attempt.");
        _ownsClient = client is null;
        _client = client ?? new HttpClient();
        MaxAttempts = maxAttempts;
    }

    /// <summary>Transfers tried per file before giving up.</summary>
    public int MaxAttempts { get; }

    /// <summary>
    /// Makes sure every file of <paramref name="dataset"/> is in <c>cacheDirectory/NAME</c>, verified, downloading
    /// what is missing, and returns that folder.
    /// </summary>
    /// <param name="dataset">What to download (e.g. <see cref="DatasetCatalog.Mnist"/>).</param>
    /// <param name="cacheDirectory">The cache root; <see cref="DataCache.DefaultDirectory"/> when null.</param>
    /// <param name="progress">Receives progress reports.</param>
    /// <param name="cancellationToken">Cancels the download (the partial file stays, to be resumed).</param>
    /// <exception cref="ChecksumMismatchException">A file's content is not the expected one.</exception>
    /// <exception cref="DownloadException">The server answered with an error, or the transfer kept failing.</exception>
    public async Task<string> FetchAsync(RemoteDataset dataset, string? cacheDirectory = null,
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        string directory = Path.Combine(cacheDirectory ?? DataCache.DefaultDirectory, dataset.Name);
        foreach (var file in dataset.Files)
            await DownloadFileAsync(dataset.UriOf(file), file, directory, progress, cancellationToken).ConfigureAwait(false);
        return directory;
    }

    /// <summary>Blocking form of <see cref="FetchAsync"/>.</summary>
    public string Fetch(RemoteDataset dataset, string? cacheDirectory = null, IProgress<DownloadProgress>? progress = null) =>
        FetchAsync(dataset, cacheDirectory, progress).GetAwaiter().GetResult();

    /// <summary>
    /// Downloads one file from <paramref name="uri"/> into <paramref name="directory"/> unless a verified copy is
    /// already there; returns its path.
    /// </summary>
    /// <exception cref="ChecksumMismatchException">The content is not the expected one (the partial file was deleted).</exception>
    /// <exception cref="DownloadException">HTTP error, or the transfer failed <see cref="MaxAttempts"/> times (the partial file is kept).</exception>
    public async Task<string> DownloadFileAsync(Uri uri, RemoteFile file, string directory,
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(file);
        Directory.CreateDirectory(directory);
        string target = Path.Combine(directory, file.FileName);
        string part = target + PartSuffix;
        if (File.Exists(target))
        {
            if (await Sha256Async(target, cancellationToken).ConfigureAwait(false) == file.Sha256)
            {
                progress?.Report(new DownloadProgress(file.FileName, file.Size, file.Size, false));
                return target;
            }
            File.Delete(target);
        }
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await TransferAsync(uri, file, part, progress, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (attempt < MaxAttempts && IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                throw new DownloadException(file.FileName,
                    $"{file.FileName}: download from {uri} failed after {attempt} attempt(s): {e.Message} The partial file {Path.GetFileName(part)} is kept; run again to resume.", e);
            }
        }
        string actual = await Sha256Async(part, cancellationToken).ConfigureAwait(false);
        if (actual != file.Sha256)
        {
            File.Delete(part);
            throw new ChecksumMismatchException(file.FileName, file.Sha256, actual);
        }
        File.Move(part, target, overwrite: true);
        return target;
    }

    private async Task TransferAsync(Uri uri, RemoteFile file, string part, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        long offset = File.Exists(part) ? new FileInfo(part).Length : 0;
        if (offset > file.Size)
        {
            File.Delete(part);
            offset = 0;
        }
        if (offset == file.Size && offset > 0) return;

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            File.Delete(part);
            throw new HttpRequestException($"the server refused to resume at byte {offset}; restarting.", null, response.StatusCode);
        }
        if (!response.IsSuccessStatusCode)
        {
            var error = new DownloadException(file.FileName, $"{file.FileName}: GET {uri} returned {(int)response.StatusCode} {response.ReasonPhrase}.");
            if ((int)response.StatusCode >= 500) throw new HttpRequestException(error.Message, error, response.StatusCode);
            throw error;
        }
        bool resumed = offset > 0 && response.StatusCode == HttpStatusCode.PartialContent
            && response.Content.Headers.ContentRange?.From == offset;
        if (!resumed) offset = 0;
        long? length = response.Content.Headers.ContentLength;
        long? total = length is long l ? offset + l : file.Size;

        await using var output = new FileStream(part, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using var input = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        progress?.Report(new DownloadProgress(file.FileName, offset, total, resumed));
        var buffer = new byte[1 << 16];
        long received = offset;
        int read;
        while ((read = await input.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            received += read;
            progress?.Report(new DownloadProgress(file.FileName, received, total, resumed));
        }
        if (length is long expected && received - offset != expected)
            throw new IOException($"the connection closed after {received - offset} of {expected} bytes.");
    }

    // Connection lost, server error, or the client's own timeout; never an HTTP 4xx (DownloadException).
    private static bool IsTransient(Exception e) =>
        e is IOException or HttpRequestException or TaskCanceledException { InnerException: TimeoutException } && e is not DownloadException;

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        byte[] hash = await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Disposes the HTTP client when the downloader created it.</summary>
    public void Dispose()
    {
        if (_ownsClient) _client.Dispose();
    }
}
