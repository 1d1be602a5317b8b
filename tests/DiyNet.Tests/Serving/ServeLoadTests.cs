using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using DiyNet.Cli.Bench;
using DiyNet.Training;
using Xunit;
using Xunit.Abstractions;
using Tensor = DiyNet.Tensors.Tensor;

namespace DiyNet.Tests.Serving;

/// <summary>
/// The load test of <c>diynet serve</c>: 20,000 requests from 32 concurrent HttpClients on 127.0.0.1, every answer
/// checked bit for bit (after the JSON round trip) against the offline prediction of the same rows.
/// </summary>
public class ServeLoadTests(ServerFixture fixture, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    private const int Requests = 20_000, Clients = 32, Bodies = 256;

    [Fact]
    public async Task TwentyThousandRequestsFromThirtyTwoClientsAllGetTheOfflinePrediction()
    {
        var rows = ServedModels.Rows(Bodies, seed: 7);
        var bodies = rows.Select(r => ServedModels.Utf8(ServedModels.Body(r))).ToArray();
        var net = ServedModels.Iris();
        net.Eval();
        // Offline: Evaluator.Predict on the same rows, and the probabilities as the softmax of the scores.
        var expected = rows.Select(r =>
        {
            var x = Tensor.FromArray([.. r.SelectMany(v => v)], r.Length, 4);
            var scores = Evaluator.Predict(net, x);
            return Enumerable.Range(0, r.Length).Select(i =>
            {
                var s = scores.Span.Slice(i * 3, 3);
                var p = new float[3];
                TensorPrimitives.SoftMax(s, p);
                return (Index: TensorPrimitives.IndexOfMax(s), Probabilities: p);
            }).ToArray();
        }).ToArray();

        bool Check(int body, string text)
        {
            using var document = JsonDocument.Parse(text);
            var predictions = document.RootElement.GetProperty("predictions");
            if (predictions.GetArrayLength() != expected[body].Length) return false;
            int i = 0;
            foreach (var prediction in predictions.EnumerateArray())
            {
                var (index, probabilities) = expected[body][i++];
                if (prediction.GetProperty("index").GetInt32() != index) return false;
                if (prediction.GetProperty("class").GetString() != ServedModels.Classes[index]) return false;
                var p = prediction.GetProperty("probabilities").EnumerateArray().Select(v => v.GetSingle()).ToArray();
                if (p.Length != 3) return false;
                for (int k = 0; k < 3; k++)
                    if (BitConverter.SingleToInt32Bits(p[k]) != BitConverter.SingleToInt32Bits(probabilities[k])) return false;
            }
            return true;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        long before = fixture.Server.Requests;
        var result = await ServeLoad.RunAsync(fixture.Address, bodies, Requests, Clients, Check, timeout.Token);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"{result.Requests} requests, {Clients} clients: {result.Seconds:F2} s, {result.Throughput:F0} requests/s, "
            + $"p50 {result.Percentile(0.5):F2} ms, p99 {result.Percentile(0.99):F2} ms, max {result.LatenciesMs[^1]:F1} ms; "
            + $"load average {File.ReadAllText("/proc/loadavg").Trim()}"));
        Assert.True(result.Errors == 0 && result.Mismatches == 0,
            $"{result.Errors} errors, {result.Mismatches} answers differing from the offline prediction; first: {result.FirstProblem}");
        Assert.Equal(Requests, fixture.Server.Requests - before);
        Assert.InRange(fixture.Server.Model.Predictor.Replicas, 1, Clients);
    }
}
