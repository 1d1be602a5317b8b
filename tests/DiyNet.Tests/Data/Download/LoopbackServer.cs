using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace DiyNet.Tests.Data.Download;

/// <summary>
/// A small HTTP server on 127.0.0.1 (ephemeral port) that serves files for the download tests. It can honour or
/// ignore Range requests and cut the first responses short to simulate a dropped connection. It stops on Dispose,
/// and by itself after a minute at most.
/// </summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly IReadOnlyDictionary<string, string> _files;
    private readonly Timer _deadline;
    private int _abortsLeft;

    /// <param name="files">URL path (without the leading '/') → local file.</param>
    /// <param name="supportRanges">Answer "Range: bytes=N-" with 206; otherwise always send the whole file.</param>
    /// <param name="abortFirst">How many responses to cut short.</param>
    /// <param name="abortAfter">Bytes of the body sent before a response is cut.</param>
    public LoopbackServer(IReadOnlyDictionary<string, string> files, bool supportRanges = true, int abortFirst = 0, int abortAfter = 0)
    {
        _files = files;
        SupportRanges = supportRanges;
        _abortsLeft = abortFirst;
        AbortAfter = abortAfter;
        _listener = StartListener(out int port);
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        _ = Task.Run(ServeAsync);
        _deadline = new Timer(_ => Stop(), null, TimeSpan.FromSeconds(60), Timeout.InfiniteTimeSpan);
    }

    public Uri BaseUri { get; }

    public bool SupportRanges { get; }

    public int AbortAfter { get; }

    public ConcurrentQueue<ServedRequest> Requests { get; } = new();

    public Uri Folder(string folder) => new(BaseUri, folder.TrimEnd('/') + "/");

    private static HttpListener StartListener(out int port)
    {
        for (int attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return listener;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            try
            {
                Handle(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away; nothing to answer.
            }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        string path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath.TrimStart('/'));
        string? range = context.Request.Headers["Range"];
        var response = context.Response;
        if (!_files.TryGetValue(path, out string? file))
        {
            response.StatusCode = 404;
            // Recorded before the answer goes out: the client may check the requests as soon as it has the answer.
            Requests.Enqueue(new ServedRequest(path, range, 404, 0, false));
            response.Close();
            return;
        }
        byte[] content = File.ReadAllBytes(file);
        int start = 0, status = 200;
        if (SupportRanges && range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = int.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            if (start >= content.Length)
            {
                response.StatusCode = 416;
                response.AddHeader("Content-Range", $"bytes */{content.Length}");
                Requests.Enqueue(new ServedRequest(path, range, 416, 0, false));
                response.Close();
                return;
            }
            status = 206;
            response.AddHeader("Content-Range", $"bytes {start}-{content.Length - 1}/{content.Length}");
        }
        response.StatusCode = status;
        response.ContentLength64 = content.Length - start;
        bool abort = Interlocked.Decrement(ref _abortsLeft) >= 0;
        int count = abort ? Math.Min(AbortAfter, content.Length - start) : content.Length - start;
        Requests.Enqueue(new ServedRequest(path, range, status, count, abort));
        response.OutputStream.Write(content, start, count);
        response.OutputStream.Flush();
        if (abort) response.Abort();
        else response.Close();
    }

    private void Stop()
    {
        try
        {
            _listener.Stop();
        }
        catch (ObjectDisposedException)
        {
            // Already closed by Dispose.
        }
    }

    public void Dispose()
    {
        _deadline.Dispose();
        Stop();
        _listener.Close();
    }
}
