using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace DiyNet.Cli.Bench;

/// <summary>
/// A load generator for <c>diynet serve</c>: <c>clients</c> HttpClients (one keep-alive connection each) send
/// <c>POST /predict</c> requests in parallel, each client one request after the other, and every answer is checked.
/// Used by <c>diynet bench --serve</c> and by the load test.
/// </summary>
internal static class ServeLoad
{
    /// <summary>
    /// Sends <paramref name="requests"/> requests to <paramref name="address"/>, request r with body
    /// <c>bodies[r % bodies.Count]</c>, from <paramref name="clients"/> concurrent clients, and checks each 200 answer
    /// with <paramref name="check"/> (the body's index and the answer's text; false counts a mismatch).
    /// </summary>
    public static async Task<ServeLoadResult> RunAsync(Uri address, IReadOnlyList<byte[]> bodies, int requests, int clients,
        Func<int, string, bool> check, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        if (bodies.Count == 0) throw new ArgumentException("ServeLoad: no request bodies.", nameof(bodies));
        var predict = new Uri(address, "/predict");
        var latencies = new double[requests];
        int errors = 0, mismatches = 0;
        string? firstProblem = null;
        void Problem(string text)
        {
            Interlocked.CompareExchange(ref firstProblem, text, null);
        }

        async Task Client(int client)
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseProxy = false })
            {
                Timeout = TimeSpan.FromSeconds(30),
            };
            for (int r = client; r < requests; r += clients)
            {
                int body = r % bodies.Count;
                using var content = new ByteArrayContent(bodies[body]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                long start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.PostAsync(predict, content, cancellation).ConfigureAwait(false);
                    string text = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
                    latencies[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref errors);
                        Problem($"request {r}: {(int)response.StatusCode} {text}");
                    }
                    else if (!check(body, text))
                    {
                        Interlocked.Increment(ref mismatches);
                        Problem($"request {r} (body {body}): unexpected answer {text}");
                    }
                }
                catch (HttpRequestException e)
                {
                    latencies[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    Interlocked.Increment(ref errors);
                    Problem($"request {r}: {e.Message}");
                }
            }
        }

        long begin = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => Client(c), cancellation))).ConfigureAwait(false);
        double seconds = Stopwatch.GetElapsedTime(begin).TotalSeconds;
        Array.Sort(latencies);
        return new ServeLoadResult(requests, clients, errors, mismatches, seconds, latencies, firstProblem);
    }
}
