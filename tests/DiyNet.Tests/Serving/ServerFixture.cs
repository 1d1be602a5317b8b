using DiyNet.Cli.Serving;
using DiyNet.Tests.Data;
using Xunit;

namespace DiyNet.Tests.Serving;

/// <summary>One in-process <c>diynet serve</c> on 127.0.0.1 (a free port) over the Iris model, shared by a test class.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const int MaxRows = 64;
    public const long MaxBodyBytes = 8192;

    private readonly TempFolder _folder = new();

    internal ModelServer Server { get; private set; } = null!;

    internal string ModelPath { get; private set; } = null!;

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Uri Address => Server.Address;

    public async Task InitializeAsync()
    {
        ModelPath = ServedModels.SaveIris(_folder.Root);
        var options = new ServeOptions { Port = 0, MaxRows = MaxRows, MaxBodyBytes = MaxBodyBytes };
        Server = await ModelServer.StartAsync(ServedModel.Load(ModelPath), options, TextWriter.Null);
        Client.BaseAddress = Server.Address;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        _folder.Dispose();
    }
}
