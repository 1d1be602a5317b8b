using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiyNet.Cli.Serving;

/// <summary>
/// The HTTP server of <c>diynet serve</c> (ASP.NET Core's Kestrel, built with <c>WebApplication.CreateSlimBuilder</c>
/// for the Native AOT executable): <c>POST /predict</c> answers the rows of a JSON body with classes and probabilities,
/// <c>GET /health</c> says it is up, <c>GET /model</c> describes the network. Every request a client gets wrong — a
/// body that is not JSON or not rows, a row of the wrong width, a value that is not a finite number, no rows, too
/// many rows, a body over the size limit — is answered 400 with <c>{"error": "…"}</c> naming the fault; inference goes
/// through the model's thread-safe <see cref="DiyNet.Training.Predictor"/>, so concurrent requests share nothing.
/// </summary>
internal sealed class ModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServedModel _model;
    private readonly ServeOptions _options;
    private readonly ModelDescription _description;
    private readonly TextWriter _log;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _requests;

    private ModelServer(WebApplication app, ServedModel model, ServeOptions options, TextWriter log)
    {
        _app = app;
        _model = model;
        _options = options;
        _description = model.Describe(options);
        _log = log;
        Address = new Uri("http://" + new System.Net.IPEndPoint(options.Host, options.Port));
    }

    /// <summary>The address listened on (with the port the system chose when <see cref="ServeOptions.Port"/> is 0).</summary>
    public Uri Address { get; private set; }

    /// <summary>The <c>POST /predict</c> requests received so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>The model served.</summary>
    public ServedModel Model => _model;

    /// <summary>Starts serving <paramref name="model"/>; unexpected server errors are written to <paramref name="log"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="IOException">The address cannot be bound (the port is in use).</exception>
    public static async Task<ModelServer> StartAsync(ServedModel model, ServeOptions options, TextWriter log, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = "diynet-serve" });
        builder.Logging.ClearProviders();
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            kestrel.Listen(options.Host, options.Port);
        });
        var app = builder.Build();
        var server = new ModelServer(app, model, options, log);
        app.MapPost("/predict", server.PredictAsync);
        app.MapGet("/health", server.HealthAsync);
        app.MapGet("/model", server.ModelAsync);
        await app.StartAsync(cancellation).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        if (addresses?.Addresses.FirstOrDefault() is string bound) server.Address = new Uri(bound);
        return server;
    }

    /// <summary>Completes when the server is asked to stop (Ctrl-C, SIGTERM, or <see cref="DisposeAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellation = default) => _app.WaitForShutdownAsync(cancellation);

    /// <summary>Stops accepting requests, lets those in progress finish, and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task PredictAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        byte[]? body = null;
        try
        {
            int length;
            (body, length) = await ReadBodyAsync(context.Request, _options.MaxBodyBytes).ConfigureAwait(false);
            var input = PredictRequestReader.Read(body.AsSpan(0, length), _model.InputWidth, _options.MaxRows);
            var answer = _model.Predict(input);
            await context.Response.WriteAsJsonAsync(answer, ServeJson.Web.PredictResponse, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadRequestException e)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
        }
        catch (BodyTooLargeException e)
        {
            // The rest of the body is not read: the connection closes after the answer, so the client does not reuse it.
            context.Response.Headers.Connection = "close";
            await ErrorAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own refusals while the body is read: over MaxRequestBodySize (413), a malformed chunked body.
            string message = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge(null) : $"the request body cannot be read: {e.Message}";
            context.Response.Headers.Connection = "close";
            await ErrorAsync(context, StatusCodes.Status400BadRequest, message).ConfigureAwait(false);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // The client went away: nobody to answer.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            lock (_log) _log.WriteLine($"diynet serve: POST /predict failed: {e}");
            await ErrorAsync(context, StatusCodes.Status500InternalServerError, $"internal error ({e.GetType().Name}): {e.Message}").ConfigureAwait(false);
        }
        finally
        {
            if (body is not null) ArrayPool<byte>.Shared.Return(body);
        }
    }

    private Task HealthAsync(HttpContext context) =>
        context.Response.WriteAsJsonAsync(new HealthResponse("ok", _model.File, Requests, Stopwatch.GetElapsedTime(_started).TotalSeconds),
            ServeJson.Web.HealthResponse, cancellationToken: context.RequestAborted);

    private Task ModelAsync(HttpContext context) =>
        context.Response.WriteAsJsonAsync(_description, ServeJson.Web.ModelDescription, cancellationToken: context.RequestAborted);

    // The body into a pooled buffer, refused past `limit` bytes whether or not the client announced its length.
    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpRequest request, long limit)
    {
        if (request.ContentLength is long announced && announced > limit) throw new BodyTooLargeException(TooLarge(announced, limit));
        int capacity = (int)Math.Min(limit + 1, request.ContentLength is long n ? n + 1 : 16 * 1024);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1, 2L * buffer.Length));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                int read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted).ConfigureAwait(false);
                if (read == 0) return (buffer, length);
                length += read;
                if (length > limit) throw new BodyTooLargeException(TooLarge(null, limit));
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private string TooLarge(long? announced) => TooLarge(announced, _options.MaxBodyBytes);

    private static string TooLarge(long? announced, long limit) => string.Create(CultureInfo.InvariantCulture,
        $"the body {(announced is long n ? $"holds {n} bytes, " : "is ")}larger than the server's limit of {limit} bytes (--max-body-bytes): split the rows over several requests.");

    private static Task ErrorAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted) return Task.CompletedTask;
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorResponse(message), ServeJson.Web.ErrorResponse, cancellationToken: context.RequestAborted);
    }
}
