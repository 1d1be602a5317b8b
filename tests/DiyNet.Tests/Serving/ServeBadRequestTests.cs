using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace DiyNet.Tests.Serving;

/// <summary>
/// Every request a client gets wrong is answered 400 with <c>{"error": "…"}</c> naming the fault, never a 500; and
/// <c>GET /health</c> and <c>GET /model</c> describe the server.
/// </summary>
public class ServeBadRequestTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    public static TheoryData<string, string> BadBodies => new()
    {
        { "hello", "the body is not valid JSON" },
        { "{\"rows\": [[1, 2, 3, 4]", "the body is not valid JSON" },
        { "", "the body is not valid JSON" },
        { "{\"rows\": [[1, 2, 3, 4]]} {}", "the body is not valid JSON" },
        { "[[1, 2, 3, 4]]", "the body must be a JSON object" },
        { "{\"inputs\": [[1, 2, 3, 4]]}", "unknown property \"inputs\"" },
        { "{}", "no \"rows\" property" },
        { "{\"rows\": [[1, 2, 3, 4]], \"rows\": [[1, 2, 3, 4]]}", "\"rows\" appears twice" },
        { "{\"rows\": 3}", "\"rows\" must be an array of rows (arrays of 4 numbers), not a number" },
        { "{\"rows\": [1, 2, 3, 4]}", "row 0 must be an array of 4 numbers, not a number" },
        { "{\"rows\": []}", "no rows to predict" },
        { "{\"rows\": [[]]}", "row 0 has 0 values, the model takes 4" },
        { "{\"rows\": [[1, 2, 3, 4], [1, 2, 3]]}", "row 1 has 3 values, the model takes 4" },
        { "{\"rows\": [[1, 2, 3, 4, 5]]}", "row 0 has more than 4 values, the model takes 4" },
        { "{\"rows\": [[1, NaN, 3, 4]]}", "row 0, column 1: NaN is not a number JSON allows" },
        { "{\"rows\": [[1, 2, -Infinity, 4]]}", "row 0, column 2: -Infinity is not a number JSON allows" },
        { "{\"rows\": [[1, 2, 3, 4], [Infinity, 2, 3, 4]]}", "row 1, column 0: Infinity is not a number JSON allows" },
        { "{\"rows\": [[1, 2, 3, \"NaN\"]]}", "row 0, column 3: \"NaN\" is not finite" },
        { "{\"rows\": [[1, 2, 3, 1e39]]}", "row 0, column 3: 1e39 is not a finite float32 number" },
        { "{\"rows\": [[1, \"two\", 3, 4]]}", "row 0, column 1: expected a number, found the string \"two\"" },
        { "{\"rows\": [[1, 2, null, 4]]}", "row 0, column 2: expected a number, found null" },
        { "{\"rows\": [[1, 2, 3, [4]]]}", "row 0, column 3: expected a number, found an array" },
        { "{\"rows\": [[3e38, 3e38, 3e38, 3e38]]}", "row 0: the network's outputs are not finite" },
    };

    private async Task<string> ExpectBadRequest(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("error").GetString()!;
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task ABadBodyIsAnswered400WithWhatIsWrong(string body, string expected)
    {
        using var response = await fixture.Client.PostAsync("/predict", new StringContent(body, Encoding.UTF8, "application/json"));
        string error = await ExpectBadRequest(response);
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task MoreRowsThanTheLimitAreAnswered400()
    {
        var rows = Enumerable.Repeat(new[] { 5.1f, 3.5f, 1.4f, 0.2f }, ServerFixture.MaxRows + 1).ToArray();
        using var response = await fixture.Client.PostAsync("/predict", new StringContent(ServedModels.Body(rows)));
        Assert.Contains($"more than {ServerFixture.MaxRows} rows in one request", await ExpectBadRequest(response));
        using var atLimit = await fixture.Client.PostAsync("/predict", new StringContent(ServedModels.Body(rows[1..])));
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
    }

    [Fact]
    public async Task ABodyOverTheSizeLimitIsAnswered400WithOrWithoutAContentLength()
    {
        string body = "{\"rows\": [[1, 2, 3, 4]]" + new string(' ', (int)ServerFixture.MaxBodyBytes) + "}";
        using var announced = await fixture.Client.PostAsync("/predict", new StringContent(body));
        Assert.Contains($"holds {Encoding.UTF8.GetByteCount(body)} bytes, larger than the server's limit of {ServerFixture.MaxBodyBytes} bytes",
            await ExpectBadRequest(announced));
        // Chunked: no Content-Length, so the limit is found while reading.
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        var request = new HttpRequestMessage(HttpMethod.Post, "/predict") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var chunked = await fixture.Client.SendAsync(request);
        Assert.Contains($"larger than the server's limit of {ServerFixture.MaxBodyBytes} bytes", await ExpectBadRequest(chunked));
    }

    [Fact]
    public async Task WrongMethodsAndPathsAreNot500()
    {
        using var get = await fixture.Client.GetAsync("/predict");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        using var missing = await fixture.Client.GetAsync("/nothing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task HealthAndModelDescribeTheServer()
    {
        using var health = JsonDocument.Parse(await fixture.Client.GetStringAsync("/health"));
        Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
        Assert.Equal(fixture.ModelPath, health.RootElement.GetProperty("model").GetString());

        using var model = JsonDocument.Parse(await fixture.Client.GetStringAsync("/model"));
        var root = model.RootElement;
        Assert.Equal(4, root.GetProperty("inputWidth").GetInt32());
        Assert.Equal(3, root.GetProperty("outputs").GetInt32());
        Assert.Equal(ServedModels.Iris().ParameterCount, root.GetProperty("parameters").GetInt64());
        Assert.Equal("classification", root.GetProperty("task").GetString());
        Assert.Equal(ServedModels.Classes, root.GetProperty("classes").EnumerateArray().Select(c => c.GetString()!));
        var layers = root.GetProperty("architecture").GetProperty("children").EnumerateArray().Select(c => c.GetProperty("type").GetString()!).ToArray();
        Assert.Equal(["FeatureScaling", "Linear", "ReLU", "Linear"], layers);
        Assert.Equal(ServerFixture.MaxRows, root.GetProperty("maxRows").GetInt32());
    }

    [Fact]
    public async Task APredictionNamesTheBestClassWithProbabilitiesSummingToOne()
    {
        var net = ServedModels.Iris();
        net.Eval();
        var row = new[] { 6.7f, 3.0f, 5.2f, 2.3f };
        var scores = net.Forward(DiyNet.Tensors.Tensor.FromArray(row, 1, 4)).Span.ToArray();
        using var response = await fixture.Client.PostAsync("/predict", new StringContent(ServedModels.Body([row])));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var prediction = Assert.Single(document.RootElement.GetProperty("predictions").EnumerateArray());
        int best = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(scores);
        Assert.Equal(best, prediction.GetProperty("index").GetInt32());
        Assert.Equal(ServedModels.Classes[best], prediction.GetProperty("class").GetString());
        float sum = prediction.GetProperty("probabilities").EnumerateArray().Sum(p => p.GetSingle());
        Assert.InRange(sum, 0.999f, 1.001f);
    }
}
